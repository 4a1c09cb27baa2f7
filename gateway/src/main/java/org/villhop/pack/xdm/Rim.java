package org.villhop.pack.xdm;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes ebRIM 3.0 building blocks: slots, names, classifications, external identifiers. */
final class Rim {
    private final XMLStreamWriter w;
    private int counter;

    Rim(XMLStreamWriter w) {
        this.w = w;
    }

    void start(String element, String... attributes) throws XMLStreamException {
        w.writeStartElement("rim", element, XdmMetadataWriter.RIM);
        for (int i = 0; i < attributes.length; i += 2) {
            w.writeAttribute(attributes[i], attributes[i + 1]);
        }
    }

    void end() throws XMLStreamException {
        w.writeEndElement();
    }

    void slot(String name, String... values) throws XMLStreamException {
        start("Slot", "name", name);
        start("ValueList");
        for (String value : values) {
            start("Value");
            w.writeCharacters(value);
            end();
        }
        end();
        end();
    }

    void name(String text) throws XMLStreamException {
        localized("Name", text);
    }

    private void localized(String element, String text) throws XMLStreamException {
        start(element);
        w.writeEmptyElement("rim", "LocalizedString", XdmMetadataWriter.RIM);
        w.writeAttribute("charset", "UTF-8");
        w.writeAttribute("xml:lang", "fr-FR");
        w.writeAttribute("value", text);
        end();
    }

    /**
     * A classification; with a coding scheme it is a coded value (slot codingScheme, Name = display name), otherwise
     * the extra name/value pairs become slots (the author).
     */
    void classification(String scheme, String classified, String code, String codingScheme, String display,
                        String... slots) throws XMLStreamException {
        start("Classification", "id", classified + "-c" + (++counter), "classificationScheme", scheme,
                "classifiedObject", classified, "nodeRepresentation", code,
                "objectType", "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification");
        for (int i = 0; i < slots.length; i += 2) {
            slot(slots[i], slots[i + 1]);
        }
        if (codingScheme != null) {
            slot("codingScheme", codingScheme);
            name(display);
        }
        end();
    }

    void identifier(String scheme, String registryObject, String value, String name) throws XMLStreamException {
        start("ExternalIdentifier", "id", registryObject + "-e" + (++counter), "identificationScheme", scheme,
                "registryObject", registryObject, "value", value,
                "objectType", "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier");
        name(name);
        end();
    }
}
