# Virtualization-mode comparison (issue 17; included from guests/Makefile, paths
# relative to guests/). One section per part; each appends its committed outputs
# to CMP_OUTPUTS (-> REPRO_ELFS) and its phony target to ALL_TARGETS.
#
#   make compare              everything below
#   make compare-workload     compare/build/workload (static riscv64 Linux ELF)
#   make compare-kernel       compare/build/kernel.elf, kernel.bin, kernel-native.elf,
#                             kernel-pv.elf, kernel-pv.bin (the small kernel)
#
# Reproducible: relative paths, -ffile-prefix-map, no build-id; objects in
# compare/build/obj/ (ignored by git).

CMP_OUTPUTS :=

# ---- workload (guests/compare/workload) ------------------------------------------

CMP_LINUX_CC   := riscv64-linux-gnu-gcc
CMP_WL_CFLAGS  := -O2 -static -nostdlib -ffreestanding -fno-stack-protector \
                  -march=rv64imac -mabi=lp64 -fno-pie -no-pie -fno-builtin \
                  -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
                  -Wall -Wextra -g -ffile-prefix-map=$(CURDIR)=. \
                  -Wa,--debug-prefix-map=$(CURDIR)=. -Wl,--build-id=none -Wl,-z,separate-code \
                  -Icompare/include -Icompare/workload
CMP_WL_OBJS    := compare/build/obj/workload/start.o compare/build/obj/workload/workload.o
CMP_WL_DEPS    := compare/workload/sys.h compare/include/markers.h \
                  compare/include/linux_syscalls.h compare/compare.mk

# Objects with fixed names first (a direct link would name gcc's temporary object
# in .symtab and differ on every build).
compare/build/obj/workload/%.o: compare/workload/%.c $(CMP_WL_DEPS)
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(CMP_LINUX_CC) $(CMP_WL_CFLAGS) -c -o $@ $<
compare/build/obj/workload/%.o: compare/workload/%.S $(CMP_WL_DEPS)
	@mkdir -p $(dir $@) && echo "  AS      $@"
	@$(CMP_LINUX_CC) $(CMP_WL_CFLAGS) -c -o $@ $<
compare/build/workload: $(CMP_WL_OBJS)
	@mkdir -p $(dir $@) && echo "  LD      $@"
	@$(CMP_LINUX_CC) $(CMP_WL_CFLAGS) -o $@ $(CMP_WL_OBJS)

CMP_OUTPUTS += compare/build/workload
.PHONY: compare-workload
compare-workload: compare/build/workload

# ---- shared virtio-blk code (helper "hyp"): guests/compare/common/ ----
#   make compare-vblk-selftest   host-side check of vblk_drv.c against vblk_model.c
#                                (host cc; nothing committed)
CMP_HOSTCC ?= cc
compare/build/obj/vblk_selftest: compare/common/vblk_selftest.c compare/common/vblk_model.c \
                             compare/common/vblk_drv.c compare/common/vblk_model.h \
                             compare/common/vblk_drv.h
	@mkdir -p $(dir $@) && echo "  HOSTCC  $@"
	@$(CMP_HOSTCC) -std=gnu11 -Wall -Wextra -O1 -o $@ compare/common/vblk_selftest.c \
	  compare/common/vblk_model.c
.PHONY: compare-vblk-selftest
compare-vblk-selftest: compare/build/obj/vblk_selftest
	./compare/build/obj/vblk_selftest

# ---- hw-assisted and dom0 (helper "hyp"): the reference hypervisor's compare builds ----
#   make compare-hv      compare/build/hv-compare.elf  reference hypervisor (hypervisor/hv/,
#                                                      -DHV_COMPARE) running kernel.bin alone,
#                                                      virtio-blk emulated in the hypervisor
#                        compare/build/hv-dom0.elf     the same with -DHV_DOM0: kernel.bin
#                                                      (VMID 1) + dom0 (VMID 2) emulating the
#                                                      kernel's UART and virtio-blk
#                        compare/build/dom0.elf        dom0 (compare/dom0/), embedded in hv-dom0
# Flags follow hypervisor/hypervisor.mk (read at run time: that fragment is included after
# this one). CMP_HV_GUEST_BIN overrides the embedded kernel image (e.g. for development).
CMP_HV_GUEST_BIN ?= compare/build/kernel.bin
CMP_HV_SRCS  := hv/entry.S hv/main.c hv/vmexit.c hv/sched.c hv/vsbi.c hv/mmio.c hv/vuart.c \
                hv/gstage.c hv/console.c common/memop.c common/fmt.c common/string.c
CMP_HV_DEPS  := $(wildcard hypervisor/include/*.h) hypervisor/hv/hv.h hypervisor/hv/hv_offsets.h \
                hypervisor/hv/hv.ld hypervisor/hv/cmp.h compare/common/vblk_model.h \
                compare/common/vblk_drv.h compare/dom0/dom0_if.h compare/compare.mk
CMP_HV_INC   := -Icompare/common -Icompare/dom0

# $(call cmp_hv_variant,<out dir>,<name>,<defines>,<extra hv/ sources>,<guest 1 image>,<guest 2 image or empty>)
define cmp_hv_variant
$(1)/obj/$(2)/hv/%.o: hypervisor/%.c $$(CMP_HV_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) $(3) $$(CMP_HV_INC) -c -o $$@ $$<
$(1)/obj/$(2)/hv/%.o: hypervisor/%.S $$(CMP_HV_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) $(3) $$(CMP_HV_INC) -c -o $$@ $$<
$(1)/obj/$(2)/common/%.o: compare/common/%.c $$(CMP_HV_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) $(3) $$(CMP_HV_INC) -c -o $$@ $$<
$(1)/obj/$(2)/hv/hv/guests.o: hypervisor/hv/guests.S $(5) $(6)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) -DGUEST1_BIN='"$(5)"' $(if $(6),-DGUEST2_BIN='"$(6)"') -c -o $$@ $$<
$(1)/$(2).elf: $(patsubst %,$(1)/obj/$(2)/hv/%.o,$(basename $(CMP_HV_SRCS) $(4))) \
               $(1)/obj/$(2)/common/vblk_model.o $(1)/obj/$(2)/common/vblk_drv.o \
               $(1)/obj/$(2)/hv/hv/guests.o
	@echo "  LD      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) -T hypervisor/hv/hv.ld $$(HVR_LDFLAGS) -o $$@ $$^ -lgcc
endef

$(eval $(call cmp_hv_variant,compare/build,hv-compare,-DHV_COMPARE,hv/cmp_vblk.c,$(CMP_HV_GUEST_BIN),))
$(eval $(call cmp_hv_variant,compare/build,hv-dom0,-DHV_COMPARE -DHV_DOM0,hv/cmp_dom0.c,$(CMP_HV_GUEST_BIN),compare/build/obj/dom0.bin))

# dom0: VS-mode program, flat image embedded as the hypervisor's second guest.
CMP_D0_SRCS := compare/dom0/start.S compare/dom0/dom0.c compare/common/vblk_model.c \
               compare/common/vblk_drv.c hypervisor/common/fmt.c hypervisor/common/string.c
CMP_D0_OBJS := $(patsubst %,compare/build/obj/dom0/%.o,$(basename $(CMP_D0_SRCS)))
compare/build/obj/dom0/%.o: %.c $(CMP_HV_DEPS) compare/dom0/dom0.ld
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(HVR_CC) $(HVR_CFLAGS) -Og $(CMP_HV_INC) -c -o $@ $<
compare/build/obj/dom0/%.o: %.S $(CMP_HV_DEPS)
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(HVR_CC) $(HVR_CFLAGS) -c -o $@ $<
compare/build/dom0.elf: $(CMP_D0_OBJS) compare/dom0/dom0.ld
	@echo "  LD      $@"
	@$(HVR_CC) $(HVR_CFLAGS) -T compare/dom0/dom0.ld $(HVR_LDFLAGS) -o $@ $(CMP_D0_OBJS) -lgcc
compare/build/obj/dom0.bin: compare/build/dom0.elf
	@echo "  OBJCOPY $@"
	@$(HVR_OBJCOPY) -O binary $< $@

# Development check of the disk path without the small kernel: blktest (compare/dom0/
# blktest.c) as the guest of both builds, into compare/build/obj/blktest/ (not committed).
CMP_BT_OBJS := $(patsubst %,compare/build/obj/dom0/%.o,compare/dom0/start compare/dom0/blktest \
                 compare/common/vblk_drv hypervisor/common/string)
compare/build/obj/blktest.elf: $(CMP_BT_OBJS) compare/dom0/dom0.ld
	@echo "  LD      $@"
	@$(HVR_CC) $(HVR_CFLAGS) -T compare/dom0/dom0.ld $(HVR_LDFLAGS) -o $@ $(CMP_BT_OBJS) -lgcc
compare/build/obj/blktest.bin: compare/build/obj/blktest.elf
	@$(HVR_OBJCOPY) -O binary $< $@
$(eval $(call cmp_hv_variant,compare/build/obj/blktest,hv-compare,-DHV_COMPARE,hv/cmp_vblk.c,compare/build/obj/blktest.bin,))
$(eval $(call cmp_hv_variant,compare/build/obj/blktest,hv-dom0,-DHV_COMPARE -DHV_DOM0,hv/cmp_dom0.c,compare/build/obj/blktest.bin,compare/build/obj/dom0.bin))
.PHONY: compare-hv-blktest
compare-hv-blktest: compare/build/obj/blktest/hv-compare.elf compare/build/obj/blktest/hv-dom0.elf

CMP_HV_OUTPUTS := compare/build/hv-compare.elf compare/build/hv-dom0.elf compare/build/dom0.elf
CMP_OUTPUTS += $(CMP_HV_OUTPUTS)
.PHONY: compare-hv
compare-hv: $(CMP_HV_OUTPUTS)
compare: compare-hv

# ---- trap-and-emulate hypervisor (helper "tae"): guests/compare/tae ----------------
#   make compare-tae   compare/build/tae.elf (embeds kernel.bin: mode trap-and-emulate)
#                      compare/build/tae-pv.elf (embeds kernel-pv.bin: mode paravirt)
# S-mode payload for OpenSBI fw_jump, no H extension; reuses the reference
# hypervisor's 16550 model (hypervisor/hv/vuart.c) and fmt/string, and the shared
# virtio-blk model and driver (compare/common).
TAE_CFLAGS  := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -std=gnu11 \
               -Wall -Wextra -ffreestanding -fno-builtin -fno-common -fno-pic \
               -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
               -fno-unwind-tables -g -Og -ffile-prefix-map=$(CURDIR)=. \
               -Wa,--debug-prefix-map=$(CURDIR)=. -Icompare/tae -Icompare/include \
               -Icompare/common -Ihypervisor/include
TAE_LDFLAGS := -nostdlib -nostartfiles -static -Wl,--build-id=none \
               -Wl,--no-warn-rwx-segments -Wl,--no-relax -T compare/tae/tae.ld
TAE_SRCS    := compare/tae/entry.S compare/tae/main.c compare/tae/trap.c \
               compare/tae/shadow.c compare/tae/mmio.c compare/tae/pv.c \
               compare/tae/vuart_glue.c hypervisor/hv/vuart.c hypervisor/common/memop.c \
               hypervisor/common/fmt.c \
               hypervisor/common/string.c compare/common/vblk_model.c compare/common/vblk_drv.c
TAE_DEPS    := $(wildcard compare/tae/*.h) compare/tae/tae.ld compare/include/pv.h \
               compare/common/vblk_model.h compare/common/vblk_drv.h \
               $(wildcard hypervisor/include/*.h) hypervisor/hv/hv.h compare/compare.mk
TAE_OBJS    := $(patsubst %,compare/build/obj/tae/%.o,$(basename $(TAE_SRCS)))
# The guest each binary embeds (flat images of the small kernel).
TAE_GUEST_BIN    ?= compare/build/kernel.bin
TAE_GUEST_PV_BIN ?= compare/build/kernel-pv.bin

compare/build/obj/tae/%.o: %.c $(TAE_DEPS)
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(CC) $(TAE_CFLAGS) -c -o $@ $<
compare/build/obj/tae/%.o: %.S $(TAE_DEPS)
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(CC) $(TAE_CFLAGS) -c -o $@ $<
compare/build/obj/tae/guest.o: compare/tae/guest.S $(TAE_GUEST_BIN)
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(CC) $(TAE_CFLAGS) -DTAE_GUEST_BIN='"$(TAE_GUEST_BIN)"' -c -o $@ $<
compare/build/obj/tae/guest-pv.o: compare/tae/guest.S $(TAE_GUEST_PV_BIN)
	@mkdir -p $(dir $@) && echo "  CC      $@"
	@$(CC) $(TAE_CFLAGS) -DTAE_GUEST_BIN='"$(TAE_GUEST_PV_BIN)"' -c -o $@ $<
compare/build/tae.elf: $(TAE_OBJS) compare/build/obj/tae/guest.o
	@echo "  LD      $@"
	@$(CC) $(TAE_CFLAGS) $(TAE_LDFLAGS) -o $@ $^ -lgcc
compare/build/tae-pv.elf: $(TAE_OBJS) compare/build/obj/tae/guest-pv.o
	@echo "  LD      $@"
	@$(CC) $(TAE_CFLAGS) $(TAE_LDFLAGS) -o $@ $^ -lgcc

CMP_TAE_OUTPUTS := compare/build/tae.elf compare/build/tae-pv.elf
CMP_OUTPUTS += $(CMP_TAE_OUTPUTS)
.PHONY: compare-tae
compare-tae: $(CMP_TAE_OUTPUTS)
compare: compare-tae

# ---- the small kernel (guests/hypervisor/guest/lx_*) --------------------------------
#
#   kernel.elf / kernel.bin        for the virtual machines: loaded and entered at GPA
#                                  0x80000000 (vm_layout.h), runs in S/VS/U-mode
#   kernel-native.elf              the same under OpenSBI fw_jump on virt (0x80200000)
#   kernel-pv.elf / kernel-pv.bin  -DPARAVIRT: hypercalls (compare/include/pv.h)
# The workload ELF is embedded (lx_workload.S). -O2, with DWARF.

CMP_K_CC      := $(CROSS)gcc
CMP_K_OBJCOPY := $(CROSS)objcopy
CMP_K_CFLAGS  := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -std=gnu11 \
                 -Wall -Wextra -ffreestanding -fno-builtin -fno-common -fno-pic \
                 -fno-tree-loop-distribute-patterns -fno-jump-tables \
                 -fno-asynchronous-unwind-tables -fno-unwind-tables -g -O2 \
                 -ffile-prefix-map=$(CURDIR)=. -Wa,--debug-prefix-map=$(CURDIR)=. \
                 -Ihypervisor/include -Ihypervisor/guest -Icompare/include \
                 -DLX_WORKLOAD='"compare/build/workload"'
CMP_K_LDFLAGS := -nostdlib -nostartfiles -static -Wl,--build-id=none \
                 -Wl,--no-warn-rwx-segments -Wl,--no-relax -T hypervisor/guest/lx.ld
CMP_K_COMMON  := hypervisor/guest/lx_start.S hypervisor/guest/lx_main.c \
                 hypervisor/guest/lx_mm.c hypervisor/guest/lx_elf.c \
                 hypervisor/guest/lx_syscall.c hypervisor/guest/lx_console.c \
                 hypervisor/guest/lx_workload.S hypervisor/common/fmt.c \
                 hypervisor/common/string.c
CMP_K_DEPS    := $(wildcard hypervisor/include/*.h) hypervisor/guest/lx.h \
                 hypervisor/guest/arch.h hypervisor/guest/lx.ld compare/include/pv.h \
                 compare/include/linux_syscalls.h \
                 compare/compare.mk compare/build/workload

# $(call CMP_KERNEL,<name>,<flags>,<load address>,<extra sources>)
define CMP_KERNEL
compare/build/obj/$(1)/%.o: hypervisor/%.c $$(CMP_K_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(CMP_K_CC) $$(CMP_K_CFLAGS) $(2) -c -o $$@ $$<
compare/build/obj/$(1)/%.o: hypervisor/%.S $$(CMP_K_DEPS)
	@mkdir -p $$(dir $$@) && echo "  AS      $$@"
	@$$(CMP_K_CC) $$(CMP_K_CFLAGS) $(2) -c -o $$@ $$<
compare/build/$(1).elf: $(patsubst hypervisor/%,compare/build/obj/$(1)/%.o,$(basename $(CMP_K_COMMON) $(4)))
	@echo "  LD      $$@"
	@$$(CMP_K_CC) $$(CMP_K_CFLAGS) $(2) $$(CMP_K_LDFLAGS) -Wl,--defsym=LX_PA=$(3) -o $$@ $$^ -lgcc
compare/build/$(1).bin: compare/build/$(1).elf
	@echo "  OBJCOPY $$@"
	@$$(CMP_K_OBJCOPY) -O binary $$< $$@
endef

$(eval $(call CMP_KERNEL,kernel,,0x80000000,hypervisor/guest/lx_virtio.c))
$(eval $(call CMP_KERNEL,kernel-native,-DLX_RAM_BASE=0x80200000UL,0x80200000,hypervisor/guest/lx_virtio.c))
$(eval $(call CMP_KERNEL,kernel-pv,-DPARAVIRT,0x80000000,hypervisor/guest/lx_pv.c))

CMP_KERNEL_OUT := $(addprefix compare/build/,kernel.elf kernel.bin kernel-native.elf \
                  kernel-pv.elf kernel-pv.bin)
CMP_OUTPUTS += $(CMP_KERNEL_OUT)
.PHONY: compare-kernel
compare-kernel: $(CMP_KERNEL_OUT)

# Run kernel-native.elf (mode `native`) on HyperStep (needs `npm run build`) or QEMU,
# on the contract's disk image (made when missing; the workload rewrites only its
# scratch area, with the same bytes every run).
CMP_FW_JUMP ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
CMP_DISK    ?= /tmp/compare-disk.img
.PHONY: compare-native-run compare-native-qemu
$(CMP_DISK):
	python3 -c "open('$@','wb').write(bytes(((i*131+(i>>9)*7+11)&0xff) for i in range(1<<20)))"
compare-native-run: compare/build/kernel-native.elf $(CMP_DISK)
	$(NODE) ../dist/cli.js run --bios $(CMP_FW_JUMP) --kernel $< --ram 256 --drive $(CMP_DISK) --stats
# QEMU 7.2's virtio-mmio is legacy (version 1) unless told otherwise; the kernel takes
# both, the contract (and every hypervisor) uses version 2.
compare-native-qemu: compare/build/kernel-native.elf $(CMP_DISK)
	timeout 120 $(QEMU) -M virt -m 256 -nographic -bios $(CMP_FW_JUMP) -kernel $< \
	  -global virtio-mmio.force-legacy=false \
	  -drive file=$(CMP_DISK),format=raw,if=none,id=d0 -device virtio-blk-device,drive=d0

# ---- end of the parts ---------------------------------------------------------------

.PHONY: compare
compare: compare-workload compare-kernel
REPRO_ELFS  += $(CMP_OUTPUTS)
ALL_TARGETS += compare
