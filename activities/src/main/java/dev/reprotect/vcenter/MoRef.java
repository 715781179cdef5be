package dev.reprotect.vcenter;

import org.w3c.dom.Element;

/** A managed object reference: type and value, e.g. {@code VirtualMachine:vm-57}. */
public record MoRef(String type, String value) {

  static MoRef of(Element e) {
    return e == null ? null : new MoRef(e.getAttribute("type"), Xml.text(e));
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
