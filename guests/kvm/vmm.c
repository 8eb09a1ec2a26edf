/*
 * vmm: a small Linux KVM virtual-machine monitor for RISC-V, the fixture that
 * proves a hypervisor (H) extension with Linux KVM: run inside a RISC-V Linux
 * whose kvm.ko found the H extension, it creates a VM with one vCPU and serves
 * its exits in user space.
 *
 *   vmm [--ram MiB] [--disk PATH] bare GUEST.bin                 a flat bare-metal guest at 0x80000000
 *   vmm [--ram MiB] [--disk PATH] linux Image INITRD [CMDLINE]   Linux's flat Image at 0x80200000
 *
 * Served exits: KVM_EXIT_MMIO for the 16550A UART at 0x10000000 (uart.c) and,
 * with --disk, a virtio-mmio block device at 0x10008000 backed by PATH (disk.c,
 * the comparison contract's disk, guests/compare/README.md; no interrupt line, so
 * it is not in the device tree: the guest must know it is there and poll),
 * KVM_EXIT_RISCV_SBI for the SBI calls KVM forwards to user space (legacy
 * console putchar/getchar, the debug console DBCN, which the VMM enables, and
 * a VMM echo call in the experimental range; anything else gets
 * SBI_ERR_NOT_SUPPORTED), KVM_EXIT_RISCV_CSR (reads as 0), and
 * KVM_EXIT_SYSTEM_EVENT (shutdown, reset), which ends the run. At the end it
 * prints the exits it served: "vmm: exits mmio=N sbi=N system_event=N ...".
 * Exit status: 0 after a shutdown or reset event, 1 on errors (including a
 * crash event), 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>
#include <asm/kvm.h>

#include "disk.h"
#include "vmm.h"

/* SBI extension ids and errors (RISC-V SBI specification). */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_DBCN 0x4442434e
#define SBI_ERR_NOT_SUPPORTED (-2L)
#define SBI_ERR_INVALID_ADDRESS (-5L)
/* The VMM's own call in the experimental range 0x08000000-0x08ffffff: FID 0 returns a0 + 1. */
#define SBI_EXT_VMM_ECHO 0x08485356

/* KVM's id of the DBCN SBI extension (enum KVM_RISCV_SBI_EXT_ID, Linux >= 6.8) and its register type. */
#define KVM_SBI_EXT_REG_TYPE (0x08ull << KVM_REG_RISCV_TYPE_SHIFT)
#define KVM_SBI_EXT_ID_DBCN 9

#define DEFAULT_BARE_RAM_MIB 16
#define DEFAULT_LINUX_RAM_MIB 256
#define DEFAULT_LINUX_CMDLINE "console=ttyS0 earlycon=uart8250,mmio,0x10000000 panic=-1"

static void usage(const char *why)
{
	if (why)
		fprintf(stderr, "vmm: %s\n", why);
	fprintf(stderr,
		"usage: vmm [--ram MiB] [--disk PATH] bare GUEST.bin\n"
		"       vmm [--ram MiB] [--disk PATH] linux Image INITRD [CMDLINE]\n"
		"Runs a guest in a KVM virtual machine (one vCPU, a 16550A UART at 0x10000000,\n"
		"RAM at 0x80000000; default %d MiB bare, %d MiB linux). --disk PATH: a\n"
		"virtio-mmio (version 2) block device at 0x10008000 backed by PATH, read-write.\n"
		"Default CMDLINE: \"%s\"\n",
		DEFAULT_BARE_RAM_MIB, DEFAULT_LINUX_RAM_MIB, DEFAULT_LINUX_CMDLINE);
	exit(2);
}

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vmm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

uint8_t *read_whole_file(const char *path, const char *what, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("%s: cannot open %s: %s", path, what, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		die("%s: %s is not a regular file", path, what);
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		die("%s: out of memory reading %s", path, what);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			die("%s: cannot read %s: %s", path, what, n < 0 ? strerror(errno) : "short read");
		got += (size_t)n;
	}
	close(fd);
	*size = got;
	return buf;
}

int vcpu_get_reg(struct vm *vm, uint64_t id, uint64_t *value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)value };

	return ioctl(vm->vcpu_fd, KVM_GET_ONE_REG, &reg) == 0 ? 0 : -errno;
}

void vcpu_set_reg(struct vm *vm, uint64_t id, uint64_t value, const char *name)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&value };

	if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &reg) != 0)
		die("KVM_SET_ONE_REG(%s) failed: %s", name, strerror(errno));
}

/* Whether the console is at the start of a line (so VMM messages start on their own line). */
static int console_at_line_start = 1;

static void console_out(uint8_t byte)
{
	putchar(byte);
	console_at_line_start = byte == '\n';
	if (byte == '\n')
		fflush(stdout);
}

/* /dev/kvm, a VM with RAM at GUEST_RAM_BASE, one vCPU and its kvm_run area. */
static void create_vm(struct vm *vm, uint64_t ram_size)
{
	struct kvm_userspace_memory_region region;
	int version, mmap_size;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		if (errno == ENOENT)
			die("/dev/kvm does not exist: load KVM first (modprobe kvm, or insmod kvm.ko); it needs a hart "
			    "with the RISC-V hypervisor (H) extension (dmesg shows \"kvm [1]: hypervisor extension available\")");
		die("cannot open /dev/kvm: %s", strerror(errno));
	}
	version = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION)
		die("KVM_GET_API_VERSION returned %d, expected %d", version, KVM_API_VERSION);
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		die("KVM_CREATE_VM failed: %s", strerror(errno));

	vm->ram_base = GUEST_RAM_BASE;
	vm->ram_size = ram_size;
	vm->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED)
		die("cannot map %llu MiB of guest RAM: %s", (unsigned long long)(ram_size >> 20), strerror(errno));
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = vm->ram_base,
		.memory_size = ram_size,
		.userspace_addr = (uint64_t)(uintptr_t)vm->ram,
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) != 0)
		die("KVM_SET_USER_MEMORY_REGION failed: %s", strerror(errno));

	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0)
		die("KVM_CREATE_VCPU failed: %s", strerror(errno));
	mmap_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < (int)sizeof(struct kvm_run))
		die("KVM_GET_VCPU_MMAP_SIZE returned %d", mmap_size);
	vm->run_size = (size_t)mmap_size;
	vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED)
		die("cannot map kvm_run: %s", strerror(errno));
	uart_init(&vm->uart, console_out);
	printf("vmm: KVM API %d, VM with %llu MiB at 0x%llx, 1 vCPU\n", version, (unsigned long long)(ram_size >> 20),
	       (unsigned long long)vm->ram_base);
}

/* Enable the SBI debug console (off by default in KVM); older kernels do not know it. */
static void enable_dbcn(struct vm *vm)
{
	uint64_t id = KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_SBI_EXT_REG_TYPE | KVM_SBI_EXT_ID_DBCN;
	uint64_t one = 1;
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&one };

	if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &reg) != 0)
		printf("vmm: SBI debug console not available in this KVM (%s)\n", strerror(errno));
}

static void handle_mmio(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	uint64_t addr = run->mmio.phys_addr;
	uint32_t len = run->mmio.len;
	static unsigned warned;

	vm->mmio_exits++;
	if (addr >= GUEST_UART_BASE && addr < GUEST_UART_BASE + UART_SIZE && len >= 1 && len <= 8) {
		uint64_t off = addr - GUEST_UART_BASE;
		if (run->mmio.is_write) {
			uart_write(&vm->uart, off, run->mmio.data[0]);
		} else {
			memset(run->mmio.data, 0, sizeof(run->mmio.data));
			run->mmio.data[0] = uart_read(&vm->uart, off);
		}
		return;
	}
	if (vm->disk && addr >= VMM_DISK_BASE && addr < VMM_DISK_BASE + VMM_DISK_SIZE && len >= 1 && len <= 8) {
		disk_mmio(vm->disk, addr - VMM_DISK_BASE, len, run->mmio.is_write, run->mmio.data);
		return;
	}
	if (warned++ < 8)
		fprintf(stderr, "vmm: unhandled MMIO %s of %u bytes at 0x%llx\n", run->mmio.is_write ? "write" : "read",
			len, (unsigned long long)addr);
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
}

static void handle_sbi(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	unsigned long eid = run->riscv_sbi.extension_id, fid = run->riscv_sbi.function_id;
	unsigned long *a = run->riscv_sbi.args;
	long err = 0;
	unsigned long value = 0;

	vm->sbi_exits++;
	switch (eid) {
	case SBI_EXT_LEGACY_PUTCHAR:
		console_out((uint8_t)a[0]);
		break;
	case SBI_EXT_LEGACY_GETCHAR:
		err = -1; /* no input */
		break;
	case SBI_EXT_DBCN:
		if (fid == 0) { /* write(num_bytes, base_lo, base_hi) */
			uint8_t *p = a[2] ? NULL : guest_ptr(vm, a[1], a[0]);
			if (!p) {
				err = SBI_ERR_INVALID_ADDRESS;
				break;
			}
			for (unsigned long i = 0; i < a[0]; i++)
				console_out(p[i]);
			value = a[0];
		} else if (fid == 1) { /* read: nothing to read */
			value = 0;
		} else if (fid == 2) { /* write_byte */
			console_out((uint8_t)a[0]);
		} else {
			err = SBI_ERR_NOT_SUPPORTED;
		}
		break;
	case SBI_EXT_VMM_ECHO:
		if (fid == 0)
			value = a[0] + 1;
		else
			err = SBI_ERR_NOT_SUPPORTED;
		break;
	default:
		fprintf(stderr, "vmm: SBI call eid=0x%lx fid=%lu not supported\n", eid, fid);
		err = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	run->riscv_sbi.ret[0] = (unsigned long)err;
	run->riscv_sbi.ret[1] = value;
}

static void print_exits(const struct vm *vm)
{
	printf("vmm: exits mmio=%lu sbi=%lu system_event=%lu", vm->mmio_exits, vm->sbi_exits, vm->system_event_exits);
	if (vm->csr_exits)
		printf(" csr=%lu", vm->csr_exits);
	if (vm->other_exits)
		printf(" other=%lu", vm->other_exits);
	printf("\n");
	if (vm->disk)
		disk_print_stats(vm->disk);
	fflush(stdout);
}

/* KVM_RUN until a system event; returns the process exit status. */
static int run_vcpu(struct vm *vm)
{
	struct kvm_run *run = vm->run;

	for (;;) {
		if (ioctl(vm->vcpu_fd, KVM_RUN, 0) != 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			print_exits(vm);
			die("KVM_RUN failed: %s", strerror(errno));
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			handle_mmio(vm);
			break;
		case KVM_EXIT_RISCV_SBI:
			handle_sbi(vm);
			break;
		case KVM_EXIT_RISCV_CSR:
			vm->csr_exits++;
			run->riscv_csr.ret_value = 0;
			break;
		case KVM_EXIT_SYSTEM_EVENT: {
			const char *what = run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ? "shutdown"
					   : run->system_event.type == KVM_SYSTEM_EVENT_RESET  ? "reset"
					   : run->system_event.type == KVM_SYSTEM_EVENT_CRASH  ? "crash"
											       : "other";
			vm->system_event_exits++;
			fflush(stdout);
			printf("%svmm: guest system event: %s\n", console_at_line_start ? "" : "\n", what);
			print_exits(vm);
			return run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ||
					       run->system_event.type == KVM_SYSTEM_EVENT_RESET
				       ? 0
				       : 1;
		}
		case KVM_EXIT_INTR:
			break;
		case KVM_EXIT_FAIL_ENTRY:
			print_exits(vm);
			die("KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason 0x%llx",
			    (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		case KVM_EXIT_INTERNAL_ERROR:
			print_exits(vm);
			die("KVM_EXIT_INTERNAL_ERROR: suberror %u", run->internal.suberror);
		default:
			vm->other_exits++;
			if (vm->other_exits > 1000) {
				print_exits(vm);
				die("too many unexpected exits (last reason %u)", run->exit_reason);
			}
			fprintf(stderr, "vmm: unexpected exit reason %u\n", run->exit_reason);
			break;
		}
	}
}

/* Fail early, before KVM is touched, when a file argument cannot be read. */
static void check_readable(const char *path, const char *what)
{
	struct stat st;

	if (stat(path, &st) != 0)
		die("%s: cannot open %s: %s", path, what, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: %s is not a regular file", path, what);
	if (access(path, R_OK) != 0)
		die("%s: cannot read %s: %s", path, what, strerror(errno));
}

int main(int argc, char **argv)
{
	static struct vm vm;
	static struct vmm_disk disk;
	const char *disk_path = NULL;
	unsigned long ram_mib = 0;
	uint64_t entry, fdt_addr;
	int i = 1;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (i < argc && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0))
		usage(NULL);
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		if (strcmp(argv[i], "--ram") == 0) {
			char *end;
			if (i + 1 >= argc)
				usage("--ram needs a size in MiB");
			ram_mib = strtoul(argv[i + 1], &end, 10);
			if (*end || ram_mib < 4 || ram_mib > 65536)
				usage("--ram must be a number of MiB from 4 to 65536");
		} else if (strcmp(argv[i], "--disk") == 0) {
			if (i + 1 >= argc)
				usage("--disk needs a file or block device");
			disk_path = argv[i + 1];
		} else {
			usage("unknown option");
		}
		i += 2;
	}
	if (i >= argc)
		usage("missing mode (bare or linux)");
	if (strcmp(argv[i], "bare") == 0) {
		if (argc - i != 2)
			usage("bare takes one argument: GUEST.bin");
		check_readable(argv[i + 1], "guest binary");
		create_vm(&vm, (uint64_t)(ram_mib ? ram_mib : DEFAULT_BARE_RAM_MIB) << 20);
		enable_dbcn(&vm);
		entry = load_bare(&vm, argv[i + 1]);
		fdt_addr = place_fdt(&vm, NULL, 0, 0);
	} else if (strcmp(argv[i], "linux") == 0) {
		if (argc - i != 3 && argc - i != 4)
			usage("linux takes Image INITRD [CMDLINE]");
		check_readable(argv[i + 1], "kernel Image");
		check_readable(argv[i + 2], "initrd");
		create_vm(&vm, (uint64_t)(ram_mib ? ram_mib : DEFAULT_LINUX_RAM_MIB) << 20);
		enable_dbcn(&vm);
		entry = load_linux(&vm, argv[i + 1], argv[i + 2], argc - i == 4 ? argv[i + 3] : DEFAULT_LINUX_CMDLINE,
				   &fdt_addr);
	} else {
		usage("unknown mode (expected bare or linux)");
	}
	if (disk_path) {
		disk_open(&disk, &vm, disk_path);
		vm.disk = &disk;
	}
	set_boot_regs(&vm, entry, fdt_addr);
	printf("vmm: starting the vCPU at 0x%llx\n", (unsigned long long)entry);
	fflush(stdout);
	return run_vcpu(&vm);
}
