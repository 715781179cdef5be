package dev.reprotect.preflight;

import dev.reprotect.inventory.OsType;
import dev.reprotect.reprotect.RecoveryLocation;
import java.util.List;

/**
 * What validation resolved for the steps that follow.
 *
 * @param onPremVm the on-premises VM to write to, or null for alternate-location recovery
 * @param recoveryLocation the location chosen (the request's, or the default)
 * @param osType the VM's OS family
 * @param disks the VM's disks (names as the site knows them), attached to the master target later
 * @param replicationGroup the VM's replication group, or null
 * @param retentionDrive the retention volume to use: the request's, or the OS default ({@code R:}
 *     on Windows, {@code /mnt/retention} on Linux) when the request named none
 */
public record ResolvedTarget(
    String onPremVm,
    RecoveryLocation recoveryLocation,
    OsType osType,
    List<String> disks,
    String replicationGroup,
    String retentionDrive) {}
