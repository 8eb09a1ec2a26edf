# Reference hypervisor (included from guests/Makefile; paths relative to guests/).
#
#   make hypervisor           build the committed ELFs:
#     hypervisor/build/hypervisor.elf  HS-mode payload for OpenSBI fw_jump (0x80200000),
#                                      with DWARF; embeds the two guests' flat images
#     hypervisor/build/guest1.elf      guest kernel + guest1.c (VS-mode, DWARF)
#     hypervisor/build/guest2.elf      guest kernel + guest2.c (VS-mode, DWARF)
#   make hypervisor-forever   the same with GUEST_ROUNDS=0 (the guests never stop)
#                             into hypervisor/build/forever/ (not committed)
#   make hypervisor-qemu      run the committed build on QEMU (-cpu rv64,h=true)
#
# Objects go to <build>/obj/ (ignored by git). Reproducible: relative source paths,
# -ffile-prefix-map / --debug-prefix-map for DWARF, no build-id, no timestamps; every
# source is compiled to an object with a fixed name before linking. gcc 12 has no `h`
# in -march, so the hypervisor's assembler gets it (-Wa,-march=..._h) and
# -mno-riscv-attribute stops gcc's `.attribute arch` from switching it off again.
# No F/D: neither side uses floating point (the guests' vsstatus.FS stays Off).

HVR_CC      := $(CROSS)gcc
HVR_OBJCOPY := $(CROSS)objcopy
HVR_ARCH    := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
HVR_CFLAGS  := $(HVR_ARCH) -std=gnu11 -Wall -Wextra -ffreestanding -fno-builtin \
               -fno-common -fno-pic -fno-tree-loop-distribute-patterns \
               -fno-asynchronous-unwind-tables -fno-unwind-tables -g \
               -ffile-prefix-map=$(CURDIR)=. -Wa,--debug-prefix-map=$(CURDIR)=. \
               -Ihypervisor/include
HVR_HV_CFLAGS    := $(HVR_CFLAGS) -Og -mno-riscv-attribute \
                    -Wa,-march=rv64imac_zicsr_zifencei_h -Ihypervisor/hv
# -O0 keeps every local of the guests visible to a debugger; no jump tables
# (absolute addresses) in code that may run before paging.
HVR_GUEST_CFLAGS := $(HVR_CFLAGS) -O0 -fno-jump-tables -Ihypervisor/guest
HVR_LDFLAGS := -nostdlib -nostartfiles -static -Wl,--build-id=none \
               -Wl,--no-warn-rwx-segments -Wl,--no-relax

HVR_HEADERS := $(wildcard hypervisor/include/*.h) hypervisor/hypervisor.mk
HVR_HV_SRCS := hv/entry.S hv/main.c hv/vmexit.c hv/sched.c hv/vsbi.c hv/mmio.c \
               hv/vuart.c hv/gstage.c hv/console.c common/memop.c common/fmt.c \
               common/string.c
HVR_GK_SRCS := guest/start.S guest/kernel.c guest/mm.c guest/console.c \
               common/fmt.c common/string.c
HVR_HV_DEPS := $(HVR_HEADERS) hypervisor/hv/hv.h hypervisor/hv/hv_offsets.h hypervisor/hv/hv.ld
HVR_GK_DEPS := $(HVR_HEADERS) hypervisor/guest/kernel.h hypervisor/guest/guest.h \
               hypervisor/guest/guest.ld

# $(call hvr_objs,<build dir>,<hv|guest>,<sources>)
hvr_objs = $(patsubst %,$(1)/obj/$(2)/%.o,$(basename $(3)))

# One build of the three ELFs into $(1) with extra guest flags $(2).
define HVR_VARIANT
$(1)/obj/hv/%.o: hypervisor/%.c $$(HVR_HV_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) -c -o $$@ $$<
$(1)/obj/hv/%.o: hypervisor/%.S $$(HVR_HV_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) -c -o $$@ $$<
$(1)/obj/guest/%.o: hypervisor/%.c $$(HVR_GK_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_GUEST_CFLAGS) $(2) -c -o $$@ $$<
$(1)/obj/guest/%.o: hypervisor/%.S $$(HVR_GK_DEPS)
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_GUEST_CFLAGS) $(2) -c -o $$@ $$<

$(1)/guest%.elf: $(call hvr_objs,$(1),guest,$(HVR_GK_SRCS)) $(1)/obj/guest/guest/guest%.o
	@echo "  LD      $$@"
	@$$(HVR_CC) $$(HVR_GUEST_CFLAGS) -T hypervisor/guest/guest.ld $$(HVR_LDFLAGS) -o $$@ $$^ -lgcc

$(1)/obj/guest%.bin: $(1)/guest%.elf
	@echo "  OBJCOPY $$@"
	@$$(HVR_OBJCOPY) -O binary $$< $$@

$(1)/obj/hv/hv/guests.o: hypervisor/hv/guests.S $(1)/obj/guest1.bin $(1)/obj/guest2.bin
	@mkdir -p $$(dir $$@) && echo "  CC      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) -DGUEST1_BIN='"$(1)/obj/guest1.bin"' \
	  -DGUEST2_BIN='"$(1)/obj/guest2.bin"' -c -o $$@ $$<

$(1)/hypervisor.elf: $(call hvr_objs,$(1),hv,$(HVR_HV_SRCS)) $(1)/obj/hv/hv/guests.o
	@echo "  LD      $$@"
	@$$(HVR_CC) $$(HVR_HV_CFLAGS) -T hypervisor/hv/hv.ld $$(HVR_LDFLAGS) -o $$@ $$^ -lgcc
endef

$(eval $(call HVR_VARIANT,hypervisor/build,))
$(eval $(call HVR_VARIANT,hypervisor/build/forever,-DGUEST_ROUNDS=0))

HVR_ELFS := $(addprefix hypervisor/build/,hypervisor.elf guest1.elf guest2.elf)

.PHONY: hypervisor hypervisor-forever hypervisor-qemu
hypervisor: $(HVR_ELFS)
hypervisor-forever: $(addprefix hypervisor/build/forever/,hypervisor.elf guest1.elf guest2.elf)

HVR_FW_JUMP ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
hypervisor-qemu: hypervisor/build/hypervisor.elf
	timeout 60 $(QEMU) -M virt -cpu rv64,h=true -m 256M -nographic \
	  -bios $(HVR_FW_JUMP) -kernel $<


REPRO_ELFS  += $(HVR_ELFS)
ALL_TARGETS += hypervisor
