package dev.reprotect.placement;

import dev.reprotect.reprotect.RecoveryLocation;
import java.util.List;

/**
 * The four values placement chose (or kept) for one machine of a plan.
 *
 * @param recoveryLocation the location the values were chosen for (the request's, else ORIGINAL
 *     when the on-premises VM exists, else ALTERNATE)
 * @param given which of {@code masterTarget, processServer, datastore, retentionDrive} the request
 *     gave (kept as constraints); the others were chosen by placement
 */
public record MachinePlacement(
    String replicatedItem,
    String masterTarget,
    String processServer,
    String datastore,
    String retentionDrive,
    RecoveryLocation recoveryLocation,
    List<String> given) {

  public static final String MASTER_TARGET = "masterTarget";
  public static final String PROCESS_SERVER = "processServer";
  public static final String DATASTORE = "datastore";
  public static final String RETENTION_DRIVE = "retentionDrive";
}
