package dev.reprotect.vcenter;

/**
 * A vim25 fault: a SOAP fault's {@code <detail>} or a task's {@code info.error}, typed by the
 * fault's {@code xsi:type} (e.g. {@code InvalidLogin}, {@code NoPermission}, {@code
 * InvalidPowerState}); callers switch on {@link #type()}, never on the message.
 */
public class VimFault extends RuntimeException {

  private final String type;
  private final String object;

  public VimFault(String type, String message, String object) {
    super(
        type
            + (message == null || message.isBlank() ? "" : ": " + message)
            + (object == null ? "" : " (" + object + ")"));
    this.type = type;
    this.object = object;
  }

  /** The fault's type name without namespace, e.g. {@code NoPermission}. */
  public String type() {
    return type;
  }

  /** The managed object the fault names (e.g. NoPermission's object), or null. */
  public String object() {
    return object;
  }

  public boolean is(String faultType) {
    return type.equals(faultType);
  }

  /** The vCenter could not be reached: refused, reset, timed out, TLS refused or not SOAP. */
  public static final class Disconnected extends VimFault {
    public Disconnected(String message, Throwable cause) {
      super("Disconnected", message, null);
      initCause(cause);
    }
  }
}
