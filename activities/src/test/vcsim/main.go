// vcsim for reprotect's tests: govmomi's vCenter simulator (simulator.VPX) with the fixtures the
// vCenter adapter's tests need, served on loopback. Prints the SDK URL (no credentials) as its
// first stdout line, then serves until killed.
//
// Build (Debian packages golang-go and golang-github-vmware-govmomi-dev, GOPATH mode):
//   GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=<writable> go build -o vcsim main.go
//
// Fixtures (datacenter DC0, cluster DC0_C0 with hosts DC0_C0_H0..H2, standalone host DC0_H0):
//   datastores  LocalDS_0 (summary.type VMFS, on every host), nfs-01 (NFS, on DC0_C0_H0),
//               vmfs-far (VMFS, mounted only on the standalone host DC0_H0)
//   VMs on DC0_C0_H0, powered on:
//     vm-src-01, vm-src-02  Windows, LSI Logic, two disks (backing uuids set), two snapshots
//     mt-win-01             master target: LSI Logic, disk.EnableUUID=TRUE, tools OK, volumes C:\ R:
//     mt-pvscsi-01          master target: Paravirtual SCSI and a snapshot
//     mt-nouuid-01          master target: disk.EnableUUID TRUE then FALSE (vcsim appends: last wins)
//     mt-notools-01         master target without VMware tools
// Flags: -port, -user/-password (the only credentials accepted), -tls (https, self-signed),
// -readonly (inventory views refused with NoPermission: a read-only discovery account),
// -slow-power-off <vm> (a power-off task of that VM runs for 3 s from the start, as one a
// previous attempt left running: a step must follow it, not start a second).
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/session"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
		"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	port := flag.Int("port", 0, "port on 127.0.0.1 (0 = any free port)")
	user := flag.String("user", "administrator@vsphere.local", "the only user name that may log in")
	password := flag.String("password", "", "its password (empty: any non-empty password logs in)")
	dir := flag.String("dir", "", "directory for NAS datastore paths (default: a temporary one)")
	useTLS := flag.Bool("tls", false, "serve https with a self-signed certificate")
	readOnly := flag.Bool("readonly", false, "refuse inventory views with NoPermission (a read-only discovery account)")
	slowPowerOff := flag.String("slow-power-off", "", "a VM whose power-off task runs for 3 s from the start")
	flag.Parse()

	model := simulator.VPX()
	if err := model.Create(); err != nil {
		fail("create model", err)
	}
	defer model.Remove()
	if *password != "" {
		model.Service.Listen = &url.URL{User: url.UserPassword(*user, *password)}
	} else {
		model.Service.Listen = &url.URL{}
	}
	model.Service.Listen.Host = fmt.Sprintf("127.0.0.1:%d", *port)
	if *useTLS {
		model.Service.TLS = new(tls.Config)
	}

	// Fixtures go in through the API on an unauthenticated in-process connection first.
	setup := model.Service.NewServer()
	ctx := context.Background()
	u := *setup.URL
	if *password == "" {
		u.User = url.UserPassword(*user, "setup")
	}
	if err := fixtures(ctx, &u, *dir); err != nil {
		fail("fixtures", err)
	}
	if *readOnly {
		ref := simulator.Map.ViewManager().Reference()
		vm := simulator.Map.Get(ref).(*simulator.ViewManager)
		simulator.Map.Put(&readOnlyViewManager{*vm})
	}

	if *slowPowerOff != "" {
		if err := startSlowPowerOff(*slowPowerOff); err != nil {
			fail("slow power-off", err)
		}
	}

	public := *setup.URL
	public.User = nil
	fmt.Println(public.String())
	os.Stdout.Sync()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	setup.Close()
	for _, d := range cleanup {
		os.RemoveAll(d)
	}
}

// readOnlyViewManager answers CreateContainerView with NoPermission, as vCenter does for an
// account without System.View on the inventory (vcsim stores roles but does not enforce them).
type readOnlyViewManager struct {
	simulator.ViewManager
}

func (m *readOnlyViewManager) CreateContainerView(ctx *simulator.Context, req *types.CreateContainerView) soap.HasFault {
	body := &methods.CreateContainerViewBody{}
	body.Fault_ = simulator.Fault("Permission to perform this operation was denied.",
		&types.NoPermission{Object: req.Container, PrivilegeId: "System.View"})
	return body
}

// cleanup lists temporary directories to remove on exit.
var cleanup []string

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "vcsim: %s: %v\n", what, err)
	os.Exit(1)
}

func fixtures(ctx context.Context, u *url.URL, dir string) error {
	sc := soap.NewClient(u, true)
	c, err := vim25.NewClient(ctx, sc)
	if err != nil {
		return err
	}
	if err := session.NewManager(c).Login(ctx, u.User); err != nil {
		return err
	}
	finder := find.NewFinder(c, true)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return err
	}
	finder.SetDatacenter(dc)
	host, err := finder.HostSystem(ctx, "DC0_C0_H0")
	if err != nil {
		return err
	}
	standalone, err := finder.HostSystem(ctx, "DC0_H0")
	if err != nil {
		return err
	}
	local, err := finder.Datastore(ctx, "LocalDS_0")
	if err != nil {
		return err
	}
	pool, err := finder.ResourcePool(ctx, "DC0_C0/Resources")
	if err != nil {
		return err
	}
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}

	// LocalDS_0 reads "OTHER" by default; a real ESXi local datastore is VMFS.
	setDatastoreType(local.Reference(), "VMFS")

	if dir == "" {
		if dir, err = os.MkdirTemp("", "vcsim-nas"); err != nil {
			return err
		}
		cleanup = append(cleanup, dir)
	}
	nas := func(h *object.HostSystem, name, typ string) error {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(path, 0o755); err != nil {
			return err
		}
		dss, err := h.ConfigManager().DatastoreSystem(ctx)
		if err != nil {
			return err
		}
		ds, err := dss.CreateNasDatastore(ctx, types.HostNasVolumeSpec{
			RemoteHost: "nas.example", RemotePath: "/export/" + name, LocalPath: path,
			AccessMode: string(types.HostMountModeReadWrite), Type: typ,
		})
		if err != nil {
			return err
		}
		setDatastoreType(ds.Reference(), typ)
		return nil
	}
	if err := nas(host, "nfs-01", "NFS"); err != nil {
		return err
	}
	if err := nas(standalone, "vmfs-far", "VMFS"); err != nil {
		return err
	}

	type vmSpec struct {
		name, controller string
		disks            int
		snapshots        []string
		extra            []types.BaseOptionValue
		tools            bool
		volumes          bool
	}
	enable := func(v string) types.BaseOptionValue { return &types.OptionValue{Key: "disk.EnableUUID", Value: v} }
	specs := []vmSpec{
		{name: "vm-src-01", controller: "lsilogic", disks: 2, snapshots: []string{"before-patch", "nightly"}, tools: true},
		{name: "vm-src-02", controller: "lsilogic", disks: 2, snapshots: []string{"before-patch", "nightly"}, tools: true},
		{name: "mt-win-01", controller: "lsilogic", disks: 1, extra: []types.BaseOptionValue{enable("TRUE")}, tools: true, volumes: true},
		{name: "mt-pvscsi-01", controller: "pvscsi", disks: 1, snapshots: []string{"mt-snap"}, extra: []types.BaseOptionValue{enable("TRUE")}, tools: true, volumes: true},
		{name: "mt-nouuid-01", controller: "lsilogic", disks: 1, extra: []types.BaseOptionValue{enable("TRUE")}, tools: true, volumes: true},
		{name: "mt-notools-01", controller: "lsilogic", disks: 1, extra: []types.BaseOptionValue{enable("TRUE")}, volumes: true},
	}
	for i, s := range specs {
		var devices object.VirtualDeviceList
		ctrl, err := devices.CreateSCSIController(s.controller)
		if err != nil {
			return err
		}
		devices = append(devices, ctrl)
		for d := 0; d < s.disks; d++ {
			disk := devices.CreateDisk(ctrl.(types.BaseVirtualController), local.Reference(),
				fmt.Sprintf("[LocalDS_0] %s/%s_%d.vmdk", s.name, s.name, d))
			disk.CapacityInKB = int64(4+d) * 1024 * 1024
			disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).Uuid =
				fmt.Sprintf("6000C29%d-0000-0000-0000-%012d", i, d+1)
			disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).ThinProvisioned = types.NewBool(true)
			devices = append(devices, disk)
		}
		changes, err := devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
		if err != nil {
			return err
		}
		for _, ch := range changes {
			if spec := ch.GetVirtualDeviceConfigSpec(); spec != nil {
				if _, ok := spec.Device.(*types.VirtualDisk); ok {
					spec.FileOperation = types.VirtualDeviceConfigSpecFileOperationCreate
				}
			}
		}
		config := types.VirtualMachineConfigSpec{
			Name: s.name, GuestId: "windows9Server64Guest", NumCPUs: 2, MemoryMB: 2048,
			Files:        &types.VirtualMachineFileInfo{VmPathName: "[LocalDS_0]"},
			DeviceChange: changes,
			ExtraConfig:  s.extra,
		}
		task, err := folders.VmFolder.CreateVM(ctx, config, pool, host)
		if err != nil {
			return err
		}
		info, err := task.WaitForResult(ctx, nil)
		if err != nil {
			return fmt.Errorf("create %s: %w", s.name, err)
		}
		vm := object.NewVirtualMachine(c, info.Result.(types.ManagedObjectReference))
		if task, err = vm.PowerOn(ctx); err != nil {
			return err
		}
		if err := task.Wait(ctx); err != nil {
			return err
		}
		for _, snap := range s.snapshots {
			if task, err = vm.CreateSnapshot(ctx, snap, "fixture", false, false); err != nil {
				return err
			}
			if err := task.Wait(ctx); err != nil {
				return err
			}
		}
		var extra []types.BaseOptionValue
		if s.name == "mt-nouuid-01" {
			extra = append(extra, enable("FALSE"))
		}
		if s.tools {
			extra = append(extra,
				&types.OptionValue{Key: "SET.guest.toolsStatus", Value: string(types.VirtualMachineToolsStatusToolsOk)},
				&types.OptionValue{Key: "SET.guest.toolsRunningStatus", Value: string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)})
		}
		if len(extra) > 0 {
			if task, err = vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{ExtraConfig: extra}); err != nil {
				return err
			}
			if err := task.Wait(ctx); err != nil {
				return err
			}
		}
		if s.volumes {
			simulator.Map.Update(simulator.Map.Get(vm.Reference()), []types.PropertyChange{{
				Name: "guest.disk",
				Val: []types.GuestDiskInfo{
					{DiskPath: `C:\`, Capacity: 60 << 30, FreeSpace: 30 << 30, FilesystemType: "NTFS"},
					{DiskPath: `R:`, Capacity: 500 << 30, FreeSpace: 500 << 30, FilesystemType: "NTFS"},
				},
			}})
		}
	}
	return nil
}

func setDatastoreType(ref types.ManagedObjectReference, typ string) {
	ds := simulator.Map.Get(ref).(*simulator.Datastore)
	summary := ds.Summary
	summary.Type = typ
	simulator.Map.Update(ds, []types.PropertyChange{{Name: "summary", Val: summary}})
}

// startSlowPowerOff queues a power-off task on the VM that runs for 3 s, in TaskManager.recentTask
// as vCenter lists it (descriptionId VirtualMachine.powerOff), then powers the VM off.
func startSlowPowerOff(name string) error {
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm, ok := e.(*simulator.VirtualMachine)
		if !ok || vm.Name != name {
			continue
		}
		task := simulator.CreateTask(vm, "powerOff", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
			time.Sleep(3 * time.Second)
			off := types.VirtualMachinePowerStatePoweredOff
			simulator.Map.Update(vm, []types.PropertyChange{
				{Name: "runtime.powerState", Val: off},
				{Name: "summary.runtime.powerState", Val: off},
			})
			return nil, nil
		})
		go task.Run()
		return nil
	}
	return fmt.Errorf("no VM %s", name)
}
