package dev.reprotect.vcenter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * A small typed client for the vSphere Web Services API (vim25 SOAP) over the JDK's HttpClient:
 * only the calls reprotect needs. One session per client (the {@code vmware_soap_session} cookie),
 * logged in on first use and once more when vCenter answers {@code NotAuthenticated}. The password
 * is read from its source at each login and never logged or kept in a field that a {@code toString}
 * shows. Faults become {@link VimFault}s typed by their {@code xsi:type}; an unreachable server
 * becomes {@link VimFault.Disconnected}. {@link #close()} logs the session out (vCenter keeps an
 * idle session for its timeout, 30 minutes by default, and caps their number). Thread-safe.
 */
public final class Vim25Client implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Vim25Client.class);
  private static final String SOAP_ACTION = "urn:vim25/7.0";
  private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

  /**
   * Where and how to connect. {@code password} is asked at each login (a secret file may change).
   */
  public record Options(
      URI url, String username, Supplier<String> password, SSLContext tls, Duration timeout) {
    @Override
    public String toString() {
      return "Options[url=" + url + ", username=" + username + ", timeout=" + timeout + "]";
    }
  }

  /** One object's properties as the PropertyCollector returned them (path to value element). */
  public record ObjectContent(MoRef obj, Map<String, Element> props) {
    public Element prop(String path) {
      return props.get(path);
    }

    public String text(String path) {
      return Xml.text(props.get(path));
    }
  }

  /** The ServiceContent references we use. */
  public record ServiceContent(
      MoRef rootFolder,
      MoRef propertyCollector,
      MoRef viewManager,
      MoRef sessionManager,
      MoRef searchIndex,
      MoRef fileManager,
      MoRef licenseManager,
      MoRef authorizationManager,
      MoRef eventManager,
      MoRef taskManager,
      String apiVersion,
      String fullName) {}

  private final Options options;
  private final HttpClient http;
  private volatile ServiceContent content;
  private volatile String cookie;
  private final java.util.concurrent.atomic.AtomicInteger logins =
      new java.util.concurrent.atomic.AtomicInteger();

  public Vim25Client(Options options) {
    this.options = options;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(options.timeout())
            .version(HttpClient.Version.HTTP_1_1);
    if (options.tls() != null) {
      b.sslContext(options.tls());
    }
    this.http = b.build();
  }

  public URI url() {
    return options.url();
  }

  @Override
  public String toString() {
    return "Vim25Client[" + options.url() + " as " + options.username() + "]";
  }

  // ---- Session. ----

  /** RetrieveServiceContent (no session needed); cached. */
  public ServiceContent serviceContent() {
    ServiceContent c = content;
    if (c == null) {
      Element r = returnval(send("RetrieveServiceContent", Xml.ref("_this", SERVICE_INSTANCE)));
      c =
          new ServiceContent(
              MoRef.of(Xml.child(r, "rootFolder")), MoRef.of(Xml.child(r, "propertyCollector")),
              MoRef.of(Xml.child(r, "viewManager")), MoRef.of(Xml.child(r, "sessionManager")),
              MoRef.of(Xml.child(r, "searchIndex")), MoRef.of(Xml.child(r, "fileManager")),
              MoRef.of(Xml.child(r, "licenseManager")),
                  MoRef.of(Xml.child(r, "authorizationManager")),
              MoRef.of(Xml.child(r, "eventManager")), MoRef.of(Xml.child(r, "taskManager")),
              Xml.text(r, "about.apiVersion"), Xml.text(r, "about.fullName"));
      content = c;
    }
    return c;
  }

  /** Login with the configured credentials; replaces the session. */
  public synchronized void login() {
    ServiceContent sc = serviceContent();
    cookie = null;
    String password = options.password().get();
    if (password == null) {
      throw new VimFault("InvalidLogin", "no password configured for " + options.username(), null);
    }
    send(
        "Login",
        Xml.ref("_this", sc.sessionManager())
            + Xml.el("userName", options.username())
            + Xml.el("password", password)
            + Xml.el("locale", "en_US"));
    logins.incrementAndGet();
    LOG.info("vCenter {}: logged in as {} ({})", options.url(), options.username(), sc.fullName());
  }

  /** Logout, best effort; the next call logs in again. */
  public synchronized void logout() {
    if (cookie != null) {
      try {
        send("Logout", Xml.ref("_this", serviceContent().sessionManager()));
        LOG.info("vCenter {}: logged out {}", options.url(), options.username());
      } catch (VimFault f) {
        // vCenter unreachable or the session already gone: it ends at vCenter's idle timeout
        LOG.debug("vCenter {}: logout failed: {}", options.url(), f.getMessage());
      }
      cookie = null;
    }
  }

  /** Ends the session ({@link #logout()}). */
  @Override
  public void close() {
    logout();
  }

  /**
   * Invokes a method in the session: logs in first if needed, and once more (then retries the call
   * once) when the session expired.
   */
  public Element call(String method, String body) {
    if (cookie == null) {
      login();
    }
    try {
      return send(method, body);
    } catch (VimFault f) {
      if (!f.is("NotAuthenticated")) {
        throw f;
      }
      LOG.info("vCenter {}: session expired, logging in again", options.url());
      login();
      return send(method, body);
    }
  }

  /** How many logins succeeded (the first and every re-login). */
  public int logins() {
    return logins.get();
  }

  // ---- Calls. ----

  public java.time.Instant currentTime() {
    serviceContent();
    return java.time.Instant.parse(
        Xml.text(returnval(call("CurrentTime", Xml.ref("_this", SERVICE_INSTANCE)))));
  }

  /** SearchIndex.FindByUuid for a VM by instance UUID (or BIOS UUID); null if none. */
  public MoRef findVmByUuid(String uuid, boolean instanceUuid) {
    Element r =
        returnval(
            call(
                "FindByUuid",
                Xml.ref("_this", serviceContent().searchIndex())
                    + Xml.el("uuid", uuid)
                    + Xml.el("vmSearch", true)
                    + Xml.el("instanceUuid", instanceUuid)));
    return MoRef.of(r);
  }

  /**
   * EventManager.QueryEvents: the events about one entity itself (not its children) of these types
   * (a type also matches its subtypes on vCenter) created at or after {@code since}, newest first,
   * at most 1000. The time bound is also applied here, as vcsim ignores the filter's time.
   */
  public List<Element> events(MoRef entity, java.time.Instant since, List<String> types) {
    StringBuilder filter =
        new StringBuilder("<filter><entity>")
            .append(Xml.ref("entity", entity))
            .append(Xml.el("recursion", "self"))
            .append("</entity><time>")
            .append(Xml.el("beginTime", since))
            .append("</time>");
    for (String type : types) {
      filter.append(Xml.el("eventTypeId", type));
    }
    filter.append(Xml.el("maxCount", 1000)).append("</filter>");
    Element r = call("QueryEvents", Xml.ref("_this", serviceContent().eventManager()) + filter);
    List<Element> out = new ArrayList<>();
    for (Element e : Xml.children(r, "returnval")) {
      String created = Xml.text(e, "createdTime");
      if (created != null && !java.time.OffsetDateTime.parse(created).toInstant().isBefore(since)) {
        out.add(e);
      }
    }
    return out;
  }

  /** RetrievePropertiesEx then ContinueRetrievePropertiesEx until the token runs out. */
  public List<ObjectContent> retrieve(String specSet) {
    MoRef pc = serviceContent().propertyCollector();
    List<ObjectContent> out = new ArrayList<>();
    Element r =
        returnval(
            call(
                "RetrievePropertiesEx",
                Xml.ref("_this", pc) + "<specSet>" + specSet + "</specSet><options/>"));
    while (r != null) {
      for (Element o : Xml.children(r, "objects")) {
        out.add(content(o));
      }
      String token = Xml.text(r, "token");
      if (token == null || token.isEmpty()) {
        break;
      }
      r =
          returnval(
              call("ContinueRetrievePropertiesEx", Xml.ref("_this", pc) + Xml.el("token", token)));
    }
    return out;
  }

  /** Properties of one object; empty map if the object is gone. */
  public ObjectContent properties(MoRef obj, String... paths) {
    StringBuilder spec = new StringBuilder("<propSet>").append(Xml.el("type", obj.type()));
    for (String p : paths) {
      spec.append(Xml.el("pathSet", p));
    }
    spec.append("</propSet><objectSet>")
        .append(Xml.ref("obj", obj))
        .append("<skip>false</skip></objectSet>");
    try {
      List<ObjectContent> all = retrieve(spec.toString());
      return all.isEmpty() ? new ObjectContent(obj, Map.of()) : all.get(0);
    } catch (VimFault f) {
      if (f.is("ManagedObjectNotFound")) {
        return new ObjectContent(obj, Map.of());
      }
      throw f;
    }
  }

  /** Every object of a type under the root folder, with these properties (a ContainerView). */
  public List<ObjectContent> all(String type, String... paths) {
    ServiceContent sc = serviceContent();
    MoRef view =
        MoRef.of(
            returnval(
                call(
                    "CreateContainerView",
                    Xml.ref("_this", sc.viewManager())
                        + Xml.ref("container", sc.rootFolder())
                        + Xml.el("type", type)
                        + Xml.el("recursive", true))));
    try {
      StringBuilder spec = new StringBuilder("<propSet>").append(Xml.el("type", type));
      for (String p : paths) {
        spec.append(Xml.el("pathSet", p));
      }
      spec.append("</propSet><objectSet>")
          .append(Xml.ref("obj", view))
          .append("<skip>true</skip>")
          .append("<selectSet xmlns:xsi=\"")
          .append(Xml.XSI)
          .append("\" xsi:type=\"TraversalSpec\">")
          .append(
              "<name>view</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet>")
          .append("</objectSet>");
      return retrieve(spec.toString());
    } finally {
      try {
        call("DestroyView", Xml.ref("_this", view));
      } catch (VimFault ignored) {
        // the view dies with the session
      }
    }
  }

  /** Invokes a {@code *_Task} method and returns the Task. */
  public MoRef startTask(String method, MoRef self, String args) {
    return MoRef.of(returnval(call(method, Xml.ref("_this", self) + args)));
  }

  /**
   * Polls the task's {@code info} until it ends, calling {@code onPoll} between polls (the activity
   * heartbeats there). Returns {@code info.result} on success; throws the task's fault.
   */
  public Element waitForTask(MoRef task, Runnable onPoll, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long sleep = 50;
    while (true) {
      Element info = properties(task, "info").prop("info");
      if (info == null) {
        throw new VimFault("ManagedObjectNotFound", "task vanished", task.toString());
      }
      String state = Xml.text(info, "state");
      if ("success".equals(state)) {
        return Xml.child(info, "result");
      }
      if ("error".equals(state)) {
        Element error = Xml.child(info, "error");
        Element fault = Xml.child(error, "fault");
        String type = fault == null ? null : Xml.xsiType(fault);
        throw new VimFault(
            type == null ? "SystemError" : type,
            Xml.text(error, "localizedMessage"),
            objectOf(fault, Xml.text(info, "entityName")));
      }
      if (System.nanoTime() > deadline) {
        throw new VimFault(
            "Timedout",
            "task " + task.value() + " still " + state + " after " + timeout,
            task.toString());
      }
      onPoll.run();
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VimFault.Disconnected("interrupted while waiting for " + task, e);
      }
      sleep = Math.min(1000, sleep * 2);
    }
  }

  // ---- SOAP. ----

  private Element send(String method, String body) {
    String envelope =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
            + "<"
            + method
            + " xmlns=\"urn:vim25\">"
            + body
            + "</"
            + method
            + ">"
            + "</soapenv:Body></soapenv:Envelope>";
    HttpRequest.Builder req =
        HttpRequest.newBuilder(options.url())
            .timeout(options.timeout())
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", SOAP_ACTION)
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
    String c = cookie;
    if (c != null) {
      req.header("Cookie", c);
    }
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new VimFault.Disconnected(
          "cannot reach vCenter " + options.url() + " (" + method + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VimFault.Disconnected("interrupted calling " + method, e);
    }
    resp.headers().allValues("Set-Cookie").stream()
        .filter(v -> v.startsWith("vmware_soap_session="))
        .findFirst()
        .ifPresent(v -> cookie = v.split(";", 2)[0]);
    Element env;
    try {
      env = Xml.parse(resp.body());
    } catch (IllegalArgumentException e) {
      throw new VimFault.Disconnected(
          "vCenter "
              + options.url()
              + " answered "
              + method
              + " with HTTP "
              + resp.statusCode()
              + " and no SOAP envelope",
          e);
    }
    Element soapBody = Xml.child(env, "Body");
    Element first =
        soapBody == null ? null : Xml.children(soapBody).stream().findFirst().orElse(null);
    if (first != null && Xml.name(first).equals("Fault")) {
      throw fault(first);
    }
    if (resp.statusCode() != 200 || first == null) {
      throw new VimFault.Disconnected(
          "vCenter " + options.url() + " answered " + method + " with HTTP " + resp.statusCode(),
          null);
    }
    return first;
  }

  /** A SOAP Fault: the type is the detail element's xsi:type (else its name without "Fault"). */
  static VimFault fault(Element fault) {
    String message = Xml.text(fault, "faultstring");
    Element detail = Xml.child(fault, "detail");
    Element inner = detail == null ? null : Xml.children(detail).stream().findFirst().orElse(null);
    if (inner == null) {
      return new VimFault("SystemError", message, null);
    }
    String type = Xml.xsiType(inner);
    if (type == null) {
      type =
          Xml.name(inner).endsWith("Fault")
              ? Xml.name(inner).substring(0, Xml.name(inner).length() - 5)
              : Xml.name(inner);
    }
    return new VimFault(type, message, objectOf(inner, null));
  }

  private static String objectOf(Element fault, String fallback) {
    if (fault != null) {
      Element obj = Xml.child(fault, "object");
      if (obj != null) {
        return MoRef.of(obj).toString();
      }
      String name = Xml.text(fault, "name");
      if (name != null) {
        return name;
      }
      String file = Xml.text(fault, "file");
      if (file != null) {
        return file;
      }
    }
    return fallback;
  }

  static Element returnval(Element response) {
    return Xml.child(response, "returnval");
  }

  private static ObjectContent content(Element o) {
    Map<String, Element> props = new LinkedHashMap<>();
    for (Element p : Xml.children(o, "propSet")) {
      props.put(Xml.text(p, "name"), Xml.child(p, "val"));
    }
    for (Element m : Xml.children(o, "missingSet")) {
      Element f = Xml.path(m, "fault.fault");
      String type = f == null ? null : Xml.xsiType(f);
      if (type != null) {
        throw new VimFault(
            type, "cannot read " + Xml.text(m, "path"), MoRef.of(Xml.child(o, "obj")).toString());
      }
    }
    return new ObjectContent(MoRef.of(Xml.child(o, "obj")), props);
  }
}
