package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.rules.Rule;
import dev.reprotect.site.SiteException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Fault and property parsing on SOAP captured from vcsim (no server needed). */
class Vim25FaultsTest {

  private static final String ENV =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
          + "xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\" xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
          + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>%s"
          + "</soapenv:Body></soapenv:Envelope>";

  private static Element body(String inner) {
    Element env = Xml.parse(String.format(ENV, inner).getBytes(StandardCharsets.UTF_8));
    return Xml.children(Xml.child(env, "Body")).get(0);
  }

  private static final VCenterSite SITE =
      new VCenterSite(
          new Vim25Client(
              new Vim25Client.Options(
                  java.net.URI.create("http://127.0.0.1:1/sdk"),
                  "u",
                  () -> "p",
                  null,
                  Duration.ofSeconds(1))),
          new VCenterSite.Settings("vc-x", List.of(), Duration.ofSeconds(1)),
          () -> {});

  @Test
  void givenNoPermission_whenParsed_itIsTypedAndBecomesReadOnlyAccountNamingTheObject() {
    VimFault f =
        Vim25Client.fault(
            body(
                "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Permission to "
                    + "perform this operation was denied.</faultstring><detail><NoPermissionFault xmlns=\"urn:vim25\" "
                    + "xsi:type=\"NoPermission\"><object type=\"VirtualMachine\">vm-66</object><privilegeId>VirtualMachine.Interact."
                    + "PowerOff</privilegeId></NoPermissionFault></detail></soapenv:Fault>"));
    assertEquals("NoPermission", f.type());
    assertEquals("VirtualMachine:vm-66", f.object());
    SiteException e = (SiteException) SITE.translate(f, "discovering datastores");
    assertEquals(Rule.VCENTER_READ_ONLY_ACCOUNT, e.rule());
    assertTrue(e.getMessage().contains("vm-66") && e.getMessage().contains("vc-x"), e.getMessage());
  }

  @Test
  void givenInvalidLogin_whenParsed_itIsVCenterDisconnected() {
    VimFault f =
        Vim25Client.fault(
            body(
                "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Login failure"
                    + "</faultstring><detail><InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\"></InvalidLoginFault>"
                    + "</detail></soapenv:Fault>"));
    assertEquals("InvalidLogin", f.type());
    assertEquals(
        Rule.VCENTER_DISCONNECTED, ((SiteException) SITE.translate(f, "reading VM a")).rule());
  }

  @Test
  void givenAnotherPrefixForXmlSchemaInstance_whenTyped_theNamespaceDecides() {
    Element val =
        body(
            "<x xmlns:XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "XMLSchema-instance:type=\"TaskInfo\"><fault XMLSchema-instance:type=\"InvalidPowerState\"/>"
                + "<other xmlns:q=\"urn:not-xsi\" q:type=\"Nope\"/></x>");
    assertEquals("TaskInfo", Xml.xsiType(val));
    assertEquals("InvalidPowerState", Xml.xsiType(Xml.child(val, "fault")));
    assertEquals(null, Xml.xsiType(Xml.child(val, "other")));
  }

  @Test
  void givenAppendedExtraConfig_whenRead_theLastValueWins() {
    Element array =
        body(
            "<a><OptionValue><key>disk.EnableUUID</key><value>TRUE</value></OptionValue>"
                + "<OptionValue><key>other</key><value>1</value></OptionValue>"
                + "<OptionValue><key>disk.EnableUUID</key><value>FALSE</value></OptionValue></a>");
    assertEquals("FALSE", VCenterMapping.extraConfig(array).get("disk.EnableUUID"));
  }

  @Test
  void givenDatastoreAndUnknownFaults_whenTranslated_theRuleOrTheFaultItselfComesBack() {
    SiteException ds =
        (SiteException)
            SITE.translate(new VimFault("FileNotFound", "gone", "[ds1] a/a.vmdk"), "attaching");
    assertEquals(Rule.DATASTORE_NOT_ACCESSIBLE, ds.rule());
    assertTrue(ds.getMessage().contains("[ds1] a/a.vmdk"));
    VimFault other = new VimFault("SnapshotFault", "busy", null);
    assertSame(other, SITE.translate(other, "merging"));
  }

  @Test
  void givenSecrets_whenPrinted_theyDoNotShow() {
    Vim25Client.Options o =
        new Vim25Client.Options(
            java.net.URI.create("https://vc/sdk"),
            "svc",
            () -> "s3cret",
            null,
            Duration.ofSeconds(1));
    assertFalse(o.toString().contains("s3cret"));
    assertFalse(new Vim25Client(o).toString().contains("s3cret"));
  }
}
