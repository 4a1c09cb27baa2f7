package org.villhop.pack.cda;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Small helpers over a StAX writer in the HL7 v3 namespace (default namespace, no prefix). */
public final class XmlOut {
    public final XMLStreamWriter w;

    public XmlOut(XMLStreamWriter w) {
        this.w = w;
    }

    public void start(String name, String... attributes) throws XMLStreamException {
        w.writeStartElement(name);
        attributes(attributes);
    }

    public void empty(String name, String... attributes) throws XMLStreamException {
        w.writeEmptyElement(name);
        attributes(attributes);
    }

    /** An element with text; attribute name/value pairs may precede the text (odd count: the last is the text). */
    public void text(String name, String... attributesThenText) throws XMLStreamException {
        w.writeStartElement(name);
        for (int i = 0; i + 1 < attributesThenText.length; i += 2) {
            w.writeAttribute(attributesThenText[i], attributesThenText[i + 1]);
        }
        w.writeCharacters(attributesThenText[attributesThenText.length - 1]);
        w.writeEndElement();
    }

    public void end() throws XMLStreamException {
        w.writeEndElement();
    }

    private void attributes(String... pairs) throws XMLStreamException {
        for (int i = 0; i < pairs.length; i += 2) {
            w.writeAttribute(pairs[i], pairs[i + 1]);
        }
    }
}
