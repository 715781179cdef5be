package dev.reprotect.capacity;

/**
 * A reprotection is done with its reservation: {@code released} when its disks were detached
 * (failure, cancel), or committed when they stay attached (protected, or an undo that could not
 * detach them: the disks now hold the slots).
 *
 * @param nonce the run that reserved (its request's nonce); a release from another run than the one
 *     holding the reservation is ignored. Null from builds before nonces: always applied.
 */
public record SlotRelease(String replicatedItem, boolean released, String nonce) {

  public SlotRelease(String replicatedItem, boolean released) {
    this(replicatedItem, released, null);
  }
}
