package dev.reprotect.simulated;

/** An inventory that cannot be loaded: an unknown key, a missing value or a dangling reference. */
public class InventoryException extends RuntimeException {

  public InventoryException(String message) {
    super(message);
  }

  public InventoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
