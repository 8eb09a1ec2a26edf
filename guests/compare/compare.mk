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

# ---- end of the parts ---------------------------------------------------------------

.PHONY: compare
compare: compare-workload
REPRO_ELFS  += $(CMP_OUTPUTS)
ALL_TARGETS += compare
