package dev.reprotect.vcenter;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reading and writing the little XML vim25 needs, with the JDK's DOM. Reading is by local name
 * (namespaces vary between servers) and tolerant: unknown elements are ignored. The {@code
 * xsi:type} attribute is found by its namespace, whatever its prefix.
 */
final class Xml {

  static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

  private Xml() {}

  static Element parse(byte[] body) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      return b.parse(new ByteArrayInputStream(body)).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
    }
  }

  static String name(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
  }

  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  static List<Element> children(Element parent, String name) {
    return children(parent).stream().filter(e -> name(e).equals(name)).toList();
  }

  static Element child(Element parent, String name) {
    for (Element e : children(parent)) {
      if (name(e).equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** The element at a dotted path of child names, e.g. {@code config.product}; null if absent. */
  static Element path(Element parent, String dotted) {
    Element e = parent;
    for (String part : dotted.split("\\.")) {
      e = child(e, part);
      if (e == null) {
        return null;
      }
    }
    return e;
  }

  static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }

  static String text(Element parent, String dotted) {
    return text(path(parent, dotted));
  }

  static Optional<Element> first(Element parent, String name) {
    return Optional.ofNullable(child(parent, name));
  }

  /** The {@code xsi:type} local name (prefix stripped), resolved by namespace; null if none. */
  static String xsiType(Element e) {
    String t = e.getAttributeNS(XSI, "type");
    if (t == null || t.isEmpty()) {
      return null;
    }
    int colon = t.indexOf(':');
    return colon < 0 ? t : t.substring(colon + 1);
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code <name>text</name>}, escaped. */
  static String el(String name, Object text) {
    return "<" + name + ">" + escape(String.valueOf(text)) + "</" + name + ">";
  }

  static String ref(String name, MoRef ref) {
    return "<"
        + name
        + " type=\""
        + escape(ref.type())
        + "\">"
        + escape(ref.value())
        + "</"
        + name
        + ">";
  }
}
