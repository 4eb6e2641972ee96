package org.vocvision.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A VOC {@code Annotations/{name}.xml}: the image size and its objects.
 *
 * @param filename the image's file name
 * @param objects the annotated objects, in file order
 */
public record VocAnnotation(String filename, int width, int height, List<VocObject> objects) {

    /** Parses an annotation with the JDK's DOM parser, with DTDs and external entities disabled (no XXE). */
    public static VocAnnotation read(Path file) {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = safeBuilder().parse(in);
        } catch (SAXException e) {
            throw new InvalidDataException(file, "malformed annotation XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot read annotation: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("annotation")) {
            throw new InvalidDataException(file, "root element is <" + root.getTagName() + ">, expected <annotation>");
        }
        Element size = child(root, "size");
        int width = size == null ? 0 : integer(file, size, "width", 0);
        int height = size == null ? 0 : integer(file, size, "height", 0);
        List<VocObject> objects = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals("object")) {
                objects.add(object(file, e));
            }
        }
        return new VocAnnotation(text(root, "filename", ""), width, height, List.copyOf(objects));
    }

    /** Writes this annotation in the devkit's layout (tab-indented, as the VOC2012 files). */
    public void write(Path file) {
        StringBuilder x = new StringBuilder("<annotation>\n");
        x.append("\t<folder>VOC</folder>\n");
        x.append("\t<filename>").append(escape(filename)).append("</filename>\n");
        x.append("\t<size>\n\t\t<width>").append(width).append("</width>\n\t\t<height>").append(height)
                .append("</height>\n\t\t<depth>3</depth>\n\t</size>\n");
        x.append("\t<segmented>0</segmented>\n");
        for (VocObject o : objects) {
            x.append("\t<object>\n\t\t<name>").append(escape(o.name())).append("</name>\n");
            x.append("\t\t<pose>Unspecified</pose>\n");
            x.append("\t\t<truncated>").append(o.truncated() ? 1 : 0).append("</truncated>\n");
            x.append("\t\t<difficult>").append(o.difficult() ? 1 : 0).append("</difficult>\n");
            x.append("\t\t<bndbox>\n\t\t\t<xmin>").append(o.xmin()).append("</xmin>\n\t\t\t<ymin>").append(o.ymin())
                    .append("</ymin>\n\t\t\t<xmax>").append(o.xmax()).append("</xmax>\n\t\t\t<ymax>").append(o.ymax())
                    .append("</ymax>\n\t\t</bndbox>\n\t</object>\n");
        }
        x.append("</annotation>\n");
        try {
            Files.writeString(file, x, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot write annotation: " + e.getMessage(), e);
        }
    }

    /**
     * The image-level labels VOC's devkit derives from objects: PRESENT if any non-difficult object of the
     * class, DIFFICULT if only difficult ones, else ABSENT. An unknown class name is an error naming the file.
     */
    public Label[] labels(Path file) {
        boolean[] any = new boolean[VocClasses.COUNT];
        boolean[] plain = new boolean[VocClasses.COUNT];
        for (VocObject o : objects) {
            int c = VocClasses.NAMES.indexOf(o.name());
            if (c < 0) {
                throw new InvalidDataException(file, "unknown class '" + o.name() + "'; expected one of " + VocClasses.NAMES);
            }
            any[c] = true;
            plain[c] |= !o.difficult();
        }
        Label[] labels = new Label[VocClasses.COUNT];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = plain[c] ? Label.PRESENT : any[c] ? Label.DIFFICULT : Label.ABSENT;
        }
        return labels;
    }

    private static DocumentBuilder safeBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // OWASP XXE prevention: no DOCTYPE at all, no external entities, no XInclude
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks XXE protection features", e);
        }
    }

    private static VocObject object(Path file, Element e) {
        String name = text(e, "name", null);
        if (name == null || name.isBlank()) {
            throw new InvalidDataException(file, "an <object> has no <name>");
        }
        Element box = child(e, "bndbox");
        int xmin = box == null ? 0 : integer(file, box, "xmin", 0);
        int ymin = box == null ? 0 : integer(file, box, "ymin", 0);
        int xmax = box == null ? 0 : integer(file, box, "xmax", 0);
        int ymax = box == null ? 0 : integer(file, box, "ymax", 0);
        return new VocObject(name.strip(), xmin, ymin, xmax, ymax,
                integer(file, e, "difficult", 0) == 1, integer(file, e, "truncated", 0) == 1);
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String tag, String fallback) {
        Element e = child(parent, tag);
        return e == null ? fallback : e.getTextContent().strip();
    }

    /** VOC boxes are integers, but a few files (and other tools' exports) write "273.5". */
    private static int integer(Path file, Element parent, String tag, int fallback) {
        String s = text(parent, tag, null);
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            return (int) Math.round(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new InvalidDataException(file, "<" + tag + "> is '" + s + "', expected a number");
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
