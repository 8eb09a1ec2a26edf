/*
 * Guest boot of the HyperStep KVM VMM: loading a bare-metal binary or
 * Linux's flat Image plus an initrd into guest RAM, the device tree the guest
 * gets (built from what KVM offers the vCPU: its ISA letters and extensions,
 * the timer frequency, the Zicbom/Zicboz block sizes), and the vCPU's boot
 * registers (RISC-V Linux boot protocol: a0 = hart id, a1 = device tree,
 * pc = entry, satp = 0, S-mode).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm.h>
#include <asm/kvm.h>

#include "fdt.h"
#include "vmm.h"

/* Register ids (KVM_REG_RISCV | size | type | index), see asm/kvm.h. */
#define REG64(type, index) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | (uint64_t)(type) | (uint64_t)(index))
#define CORE_REG(field) REG64(KVM_REG_RISCV_CORE, KVM_REG_RISCV_CORE_REG(field))
#define CONFIG_REG(index) REG64(KVM_REG_RISCV_CONFIG, (index))
#define ISA_EXT_REG(id) REG64(KVM_REG_RISCV_ISA_EXT, (id))
#define TIMER_FREQUENCY_REG REG64(KVM_REG_RISCV_TIMER, KVM_REG_RISCV_TIMER_REG(frequency))

/* kvm_riscv_config indices: isa, zicbom_block_size, zicboz_block_size (Linux >= 6.2). */
#define CONFIG_ISA 0
#define CONFIG_ZICBOM_BLOCK_SIZE 1
#define CONFIG_ZICBOZ_BLOCK_SIZE 2

/* Device tree space at the top of RAM (the FDT is at most a few KiB). */
#define FDT_AREA 0x200000ull
#define FDT_MAX_SIZE 0x10000u

/*
 * KVM ISA extension ids (enum KVM_RISCV_ISA_EXT_ID; the UAPI only appends, so
 * ids newer than the installed header are spelled out) and their names in a
 * riscv,isa string, in canonical order (Z by category, then S). Ssaia, Smstateen
 * and H are left out: the guest has no IMSIC and runs no hypervisor.
 */
static const struct {
	unsigned id;
	const char *name;
} isa_exts[] = {
	{ 11, "zicbom" }, { 12, "zicboz" }, { 19, "zicntr" }, { 24, "zicond" },
	{ 20, "zicsr" }, { 21, "zifencei" }, { 10, "zihintpause" }, { 22, "zihpm" },
	{ 17, "zba" }, { 13, "zbb" }, { 25, "zbc" }, { 18, "zbs" },
	{ 8, "sstc" }, { 9, "svinval" }, { 16, "svnapot" }, { 7, "svpbmt" },
};

uint8_t *guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa < vm->ram_base || len > vm->ram_size || gpa - vm->ram_base > vm->ram_size - len)
		return NULL;
	return vm->ram + (gpa - vm->ram_base);
}

void set_boot_regs(struct vm *vm, uint64_t pc, uint64_t fdt_addr)
{
	vcpu_set_reg(vm, CORE_REG(regs.pc), pc, "pc");
	vcpu_set_reg(vm, CORE_REG(regs.a0), 0, "a0");
	vcpu_set_reg(vm, CORE_REG(regs.a1), fdt_addr, "a1");
	vcpu_set_reg(vm, CORE_REG(mode), KVM_RISCV_MODE_S, "mode");
}

/* riscv,isa of the vCPU as KVM configured it; also reports Zicbom/Zicboz. */
static void vcpu_isa_string(struct vm *vm, char *out, size_t cap, int *zicbom, int *zicboz)
{
	static const char letters[] = "imafdqcv";
	uint64_t isa = 0, on;
	size_t n;

	*zicbom = *zicboz = 0;
	if (vcpu_get_reg(vm, CONFIG_REG(CONFIG_ISA), &isa) != 0)
		die("KVM_GET_ONE_REG(config isa) failed: %s", strerror(errno));
	n = (size_t)snprintf(out, cap, "rv64");
	for (const char *l = letters; *l && n + 2 < cap; l++)
		if (isa & (1ull << (*l - 'a')))
			out[n++] = *l;
	out[n] = 0;
	for (size_t i = 0; i < sizeof(isa_exts) / sizeof(isa_exts[0]); i++) {
		if (vcpu_get_reg(vm, ISA_EXT_REG(isa_exts[i].id), &on) != 0 || !on)
			continue; /* unknown to this kernel, or not offered */
		if (n + strlen(isa_exts[i].name) + 2 >= cap)
			break;
		n += (size_t)snprintf(out + n, cap - n, "_%s", isa_exts[i].name);
		if (isa_exts[i].id == 11)
			*zicbom = 1;
		if (isa_exts[i].id == 12)
			*zicboz = 1;
	}
}

/* The timer frequency: KVM's timer register, else the host's device tree. */
static uint32_t timebase_frequency(struct vm *vm)
{
	uint64_t hz = 0;
	unsigned char be[4];
	FILE *f;

	if (vcpu_get_reg(vm, TIMER_FREQUENCY_REG, &hz) == 0 && hz != 0 && hz <= 0xffffffffu)
		return (uint32_t)hz;
	f = fopen("/proc/device-tree/cpus/timebase-frequency", "rb");
	if (f && fread(be, 1, 4, f) == 4) {
		fclose(f);
		return (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 | (uint32_t)be[2] << 8 | be[3];
	}
	if (f)
		fclose(f);
	die("cannot find the timer frequency (neither KVM's timer register nor /proc/device-tree/cpus/timebase-frequency)");
}

uint64_t place_fdt(struct vm *vm, const char *bootargs, uint64_t initrd_start, uint64_t initrd_size)
{
	static struct fdt f;
	char isa[512], node[64];
	int zicbom, zicboz;
	uint64_t size, fdt_addr = vm->ram_base + vm->ram_size - FDT_AREA;
	const char *why = "";
	uint8_t *dst = guest_ptr(vm, fdt_addr, FDT_MAX_SIZE);

	if (!dst)
		die("RAM too small for the device tree");
	vcpu_isa_string(vm, isa, sizeof(isa), &zicbom, &zicboz);

	fdt_init(&f);
	fdt_begin_node(&f, "");
	fdt_prop_u32(&f, "#address-cells", 2);
	fdt_prop_u32(&f, "#size-cells", 2);
	fdt_prop_string(&f, "compatible", "hyperstep,kvm-vmm");
	fdt_prop_string(&f, "model", "HyperStep KVM VMM");

	fdt_begin_node(&f, "chosen");
	snprintf(node, sizeof(node), "/soc/serial@%llx", (unsigned long long)GUEST_UART_BASE);
	fdt_prop_string(&f, "stdout-path", node);
	if (bootargs)
		fdt_prop_string(&f, "bootargs", bootargs);
	if (initrd_size) {
		fdt_prop_u64(&f, "linux,initrd-start", initrd_start);
		fdt_prop_u64(&f, "linux,initrd-end", initrd_start + initrd_size);
	}
	fdt_end_node(&f);

	snprintf(node, sizeof(node), "memory@%llx", (unsigned long long)vm->ram_base);
	fdt_begin_node(&f, node);
	fdt_prop_string(&f, "device_type", "memory");
	fdt_prop_reg64(&f, "reg", vm->ram_base, vm->ram_size);
	fdt_end_node(&f);

	fdt_begin_node(&f, "cpus");
	fdt_prop_u32(&f, "#address-cells", 1);
	fdt_prop_u32(&f, "#size-cells", 0);
	fdt_prop_u32(&f, "timebase-frequency", timebase_frequency(vm));
	fdt_begin_node(&f, "cpu@0");
	fdt_prop_string(&f, "device_type", "cpu");
	fdt_prop_u32(&f, "reg", 0);
	fdt_prop_string(&f, "compatible", "riscv");
	fdt_prop_string(&f, "status", "okay");
	fdt_prop_string(&f, "riscv,isa", isa);
	fdt_prop_string(&f, "mmu-type", "riscv,sv39");
	if (zicbom) {
		uint64_t bs = 0;
		if (vcpu_get_reg(vm, CONFIG_REG(CONFIG_ZICBOM_BLOCK_SIZE), &bs) == 0 && bs)
			fdt_prop_u32(&f, "riscv,cbom-block-size", (uint32_t)bs);
	}
	if (zicboz) {
		uint64_t bs = 0;
		if (vcpu_get_reg(vm, CONFIG_REG(CONFIG_ZICBOZ_BLOCK_SIZE), &bs) == 0 && bs)
			fdt_prop_u32(&f, "riscv,cboz-block-size", (uint32_t)bs);
	}
	fdt_begin_node(&f, "interrupt-controller");
	fdt_prop_u32(&f, "#interrupt-cells", 1);
	fdt_prop_empty(&f, "interrupt-controller");
	fdt_prop_string(&f, "compatible", "riscv,cpu-intc");
	fdt_prop_u32(&f, "phandle", 1);
	fdt_end_node(&f);
	fdt_end_node(&f); /* cpu@0 */
	fdt_end_node(&f); /* cpus */

	fdt_begin_node(&f, "soc");
	fdt_prop_u32(&f, "#address-cells", 2);
	fdt_prop_u32(&f, "#size-cells", 2);
	fdt_prop_string(&f, "compatible", "simple-bus");
	fdt_prop_empty(&f, "ranges");
	snprintf(node, sizeof(node), "serial@%llx", (unsigned long long)GUEST_UART_BASE);
	fdt_begin_node(&f, node);
	fdt_prop_string(&f, "compatible", "ns16550a");
	fdt_prop_reg64(&f, "reg", GUEST_UART_BASE, UART_SIZE);
	fdt_prop_u32(&f, "clock-frequency", GUEST_UART_CLOCK);
	fdt_end_node(&f);
	fdt_end_node(&f); /* soc */
	fdt_end_node(&f); /* root */

	size = fdt_finish(&f, dst, FDT_MAX_SIZE, &why);
	if (size == 0)
		die("%s", why);
	printf("vmm: device tree at 0x%llx (%llu bytes), riscv,isa = %s\n", (unsigned long long)fdt_addr,
	       (unsigned long long)size, isa);
	return fdt_addr;
}

uint64_t load_bare(struct vm *vm, const char *path)
{
	size_t size;
	uint8_t *bin = read_whole_file(path, "guest binary", &size);
	uint8_t *dst = guest_ptr(vm, vm->ram_base, size);

	if (size == 0)
		die("%s: guest binary is empty", path);
	if (!dst || size > vm->ram_size - FDT_AREA)
		die("%s: guest binary (%zu bytes) does not fit in guest RAM", path, size);
	memcpy(dst, bin, size);
	free(bin);
	return vm->ram_base;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint64_t load_linux(struct vm *vm, const char *image, const char *initrd, const char *bootargs,
		    uint64_t *fdt_addr)
{
	size_t ksize, isize;
	uint8_t *kernel = read_whole_file(image, "kernel Image", &ksize);
	uint8_t *rd = read_whole_file(initrd, "initrd", &isize);
	uint64_t text_offset, image_size, entry, fdt, rd_start;
	uint8_t *dst;

	/* RISC-V Image header: code0/1, text_offset @8, image_size @16, magic "RISCV\0\0\0" @0x30, "RSC\x05" @0x38. */
	if (ksize < 64 || memcmp(kernel + 0x30, "RISCV\0\0\0", 8) != 0 || memcmp(kernel + 0x38, "RSC\x05", 4) != 0)
		die("%s: not a RISC-V Linux Image (no \"RISCV\" magic at 0x30); pass the flat Image, not vmlinux or a compressed file",
		    image);
	text_offset = le64(kernel + 8);
	image_size = le64(kernel + 16);
	if (text_offset == 0)
		text_offset = LINUX_TEXT_OFFSET;
	if (image_size < ksize)
		image_size = ksize;
	entry = vm->ram_base + text_offset;
	fdt = vm->ram_base + vm->ram_size - FDT_AREA;
	if (isize == 0)
		die("%s: initrd is empty", initrd);
	rd_start = (fdt - isize) & ~0xfffull;
	if (isize > vm->ram_size || rd_start < entry + image_size)
		die("kernel (%llu bytes in memory) and initrd (%zu bytes) do not fit in %llu MiB of guest RAM; use --ram",
		    (unsigned long long)image_size, isize, (unsigned long long)(vm->ram_size >> 20));
	dst = guest_ptr(vm, entry, ksize);
	memcpy(dst, kernel, ksize);
	memcpy(guest_ptr(vm, rd_start, isize), rd, isize);
	printf("vmm: Image at 0x%llx (%zu bytes), initrd at 0x%llx (%zu bytes)\n", (unsigned long long)entry, ksize,
	       (unsigned long long)rd_start, isize);
	free(kernel);
	free(rd);
	*fdt_addr = place_fdt(vm, bootargs, rd_start, isize);
	if (*fdt_addr != fdt)
		die("internal error: device tree placement");
	return entry;
}
