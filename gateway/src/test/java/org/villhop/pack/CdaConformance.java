package org.villhop.pack;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XsltTransformer;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Validates CDA documents the way the ANS does: the CDA_extended.xsd schema, then ISO Schematron rules compiled with
 * SchXslt and run by Saxon-HE. Failed assertions whose role is "warning" or "info" are not errors.
 */
final class CdaConformance {

    static final Path REFERENCE = Path.of("../../shared/reference/ansforge/ci-sis");

    /**
     * The schematrons that apply to a CDA R2 level 1 document, among those the ANS example DOC_NON_STRUCTURE declares:
     * the CI-SIS structure level (structuration minimale: header rules and value sets), the IHE profile rules and the
     * terminology rules, and the ANS content models (they check body sections and entries: they must find nothing to
     * object to in a level 1 body). The package names one include with the wrong letter case
     * (E_directiveAnticipee_int.sch): includes are resolved case-insensitively, as on the ANS's own platform.
     */
    static final List<String> LEVEL1_SCHEMATRONS = List.of(
            "schematrons/profils/structurationMinimale/ASIP-STRUCT-MIN-StrucMin.sch",
            "schematrons/profils/IHE.sch",
            "schematrons/profils/CI-SIS_Modeles_ANS.sch",
            "schematrons/profils/terminologies/schematron/terminologie.sch");

    private final Processor saxon = new Processor(false);
    private final Map<String, XsltExecutable> compiled = new HashMap<>();
    private final Map<String, String> folders = new HashMap<>();
    private final javax.xml.validation.Schema xsd;

    CdaConformance() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        xsd = factory.newSchema(REFERENCE.resolve("infrastructure/cda/CDA_extended.xsd").toFile());
    }

    static boolean referenceAvailable() {
        return Files.isDirectory(REFERENCE);
    }

    List<String> xsdErrors(byte[] cda) throws Exception {
        List<String> errors = new ArrayList<>();
        Validator validator = xsd.newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add("line " + e.getLineNumber() + ": " + e.getMessage());
            }
        });
        validator.validate(new StreamSource(new ByteArrayInputStream(cda)));
        return errors;
    }

    @SuppressWarnings("deprecation") // Saxon's URIResolver hook: the resolution is relative to each schematron's folder
    List<String> schematronErrors(String schematron, byte[] cda) throws Exception {
        XsltTransformer run = executable(schematron).load();
        // doc() calls of the compiled rules (value sets) are relative to the schematron's folder, not to SchXslt's.
        String folder = folders.get(schematron);
        run.setURIResolver((href, base) -> href.contains(":") ? null
                : valueSet(java.net.URI.create(folder).resolve(href)));
        run.setSource(new StreamSource(new ByteArrayInputStream(cda), "cda.xml"));
        XdmDestination svrl = new XdmDestination();
        run.setDestination(svrl);
        run.transform();
        XPathCompiler xpath = saxon.newXPathCompiler();
        xpath.declareNamespace("svrl", "http://purl.oclc.org/dsdl/svrl");
        List<String> errors = new ArrayList<>();
        for (XdmItem failure : xpath.evaluate(
                "//(svrl:failed-assert|svrl:successful-report)[not(@role = ('warning', 'warn', 'info', 'information'))]",
                svrl.getXdmNode())) {
            XdmNode node = (XdmNode) failure;
            errors.add(node.getAttributeValue(new QName("location")) + ": " + node.getStringValue().trim());
        }
        return errors;
    }

    /**
     * A value set file of the compiled rules. The ANS package lacks a few ART-DECOR exports (e.g. voc-…5.471, the XDS
     * typeCode set J07) that the rules read; those are rebuilt from the same value set's SVS file in jeuxDeValeurs.
     */
    private static StreamSource valueSet(java.net.URI uri) {
        Path file = Path.of(uri);
        java.util.regex.Matcher voc = java.util.regex.Pattern.compile("voc-([0-9.]+)-DYNAMIC\\.xml")
                .matcher(file.getFileName().toString());
        if (Files.exists(file) || !voc.matches()) {
            return new StreamSource(uri.toString());
        }
        try (var jdv = Files.list(REFERENCE.resolve("jeuxDeValeurs"))) {
            for (Path candidate : jdv.toList()) {
                String svs = Files.readString(candidate);
                if (!svs.contains("id=\"" + voc.group(1) + "\"")) {
                    continue;
                }
                StringBuilder xml = new StringBuilder("<valueSets><valueSet id=\"" + voc.group(1) + "\"><conceptList>");
                java.util.regex.Matcher concept = java.util.regex.Pattern
                        .compile("<Concept\\s+code=\"([^\"]+)\"\\s+codeSystem=\"([^\"]+)\"").matcher(svs);
                while (concept.find()) {
                    xml.append("<concept code=\"").append(concept.group(1)).append("\" codeSystem=\"")
                            .append(concept.group(2)).append("\"/>");
                }
                xml.append("</conceptList></valueSet></valueSets>");
                return new StreamSource(new java.io.StringReader(xml.toString()), uri.toString());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new StreamSource(uri.toString());
    }

    private static StreamSource caseInsensitive(java.net.URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return null;
        }
        Path file = Path.of(uri);
        if (!Files.exists(file) && Files.isDirectory(file.getParent())) {
            try (var siblings = Files.list(file.getParent())) {
                String wanted = file.getFileName().toString();
                file = siblings.filter(p -> p.getFileName().toString().equalsIgnoreCase(wanted)).findFirst().orElse(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new StreamSource(file.toUri().toString());
    }

    @SuppressWarnings("deprecation") // Saxon's URIResolver hook: file names of the ANS kit differ in case
    private synchronized XsltExecutable executable(String schematron) throws Exception {
        XsltExecutable existing = compiled.get(schematron);
        if (existing != null) {
            return existing;
        }
        File source = REFERENCE.resolve(schematron).toFile();
        XsltTransformer compile = saxon.newXsltCompiler().compile(new StreamSource(
                CdaConformance.class.getResource("/xslt/2.0/pipeline-for-svrl.xsl").toString())).load();
        compile.setURIResolver((href, base) -> caseInsensitive(java.net.URI.create(base).resolve(href)));
        compile.setSource(new StreamSource(source));
        XdmDestination xslt = new XdmDestination();
        compile.setDestination(xslt);
        compile.transform();
        // The compiled rules read value sets with doc() relative to the schematron: give them its location.
        javax.xml.transform.Source compiledRules = xslt.getXdmNode().asSource();
        compiledRules.setSystemId(source.toURI().toString());
        XsltExecutable executable = saxon.newXsltCompiler().compile(compiledRules);
        compiled.put(schematron, executable);
        folders.put(schematron, source.getParentFile().toURI().toString());
        return executable;
    }
}
