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
CMP_WL_SRCS    := compare/workload/start.S compare/workload/workload.c

compare/build/workload: $(CMP_WL_SRCS) compare/workload/sys.h compare/include/markers.h compare/compare.mk
	@mkdir -p $(dir $@) && echo "  LD      $@"
	@$(CMP_LINUX_CC) $(CMP_WL_CFLAGS) -o $@ $(CMP_WL_SRCS)

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
               compare/tae/vuart_glue.c hypervisor/hv/vuart.c hypervisor/common/fmt.c \
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
.PHONY: compare-tae
compare-tae: $(CMP_TAE_OUTPUTS)

# ---- end of the parts ---------------------------------------------------------------

.PHONY: compare
compare: compare-workload
REPRO_ELFS  += $(CMP_OUTPUTS)
ALL_TARGETS += compare
