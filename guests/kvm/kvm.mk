# KVM fixture (included from guests/Makefile): the pieces that prove a RISC-V
# hypervisor (H) extension with Linux KVM, used by test/system/kvm.test.ts.
#
#   make kvm      build kvm/build/{vmm,init,guest.bin} (all committed)
#
#   kvm/build/vmm        static riscv64 Linux program: the VMM (vmm.c, boot.c, fdt.c, uart.c, disk.c
#                        and the shared virtio block model compare/common/vblk_model.c)
#   kvm/build/init       static riscv64 Linux program: /init of the nested Linux guest
#   kvm/build/guest.bin  flat bare-metal guest for `vmm bare` (guest.c, guest.ld)
#
# The Linux programs need Debian's gcc-riscv64-linux-gnu (glibc, and the kernel
# UAPI headers linux/kvm.h and asm/kvm.h); the guest needs riscv64-unknown-elf-gcc.
# Builds are reproducible: relative paths, -ffile-prefix-map, no build-id, stripped.

KVM_LINUX_CC ?= riscv64-linux-gnu-gcc
KVM_OBJCOPY  ?= $(CROSS)objcopy

KVM_LINUX_CFLAGS := -O2 -std=gnu11 -Wall -Wextra -static -s -ffile-prefix-map=$(CURDIR)=. \
                    -fno-asynchronous-unwind-tables -Wl,--build-id=none
KVM_GUEST_CFLAGS := -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -O2 -std=gnu11 -Wall -Wextra \
                    -ffreestanding -fno-common -fno-pic -fno-asynchronous-unwind-tables \
                    -ffile-prefix-map=$(CURDIR)=. -nostdlib -nostartfiles -static \
                    -T kvm/guest.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments

KVM_VMM_SRCS := kvm/vmm.c kvm/boot.c kvm/fdt.c kvm/uart.c kvm/disk.c compare/common/vblk_model.c
KVM_VMM_DEPS := $(KVM_VMM_SRCS) kvm/vmm.h kvm/fdt.h kvm/uart.h kvm/disk.h compare/common/vblk_model.h kvm/kvm.mk

KVM_OUTPUTS := kvm/build/vmm kvm/build/init kvm/build/guest.bin

REPRO_ELFS  += $(KVM_OUTPUTS)
ALL_TARGETS += kvm

.PHONY: kvm
kvm: $(KVM_OUTPUTS)

kvm/build/vmm: $(KVM_VMM_DEPS)
	@mkdir -p $(dir $@)
	$(KVM_LINUX_CC) $(KVM_LINUX_CFLAGS) -Icompare/common -o $@ $(KVM_VMM_SRCS)

kvm/build/init: kvm/init.c kvm/kvm.mk
	@mkdir -p $(dir $@)
	$(KVM_LINUX_CC) $(KVM_LINUX_CFLAGS) -o $@ kvm/init.c

kvm/build/guest.elf: kvm/guest.c kvm/guest.ld kvm/kvm.mk
	@mkdir -p $(dir $@)
	$(CC) $(KVM_GUEST_CFLAGS) -o $@ kvm/guest.c -lgcc

kvm/build/guest.bin: kvm/build/guest.elf
	$(KVM_OBJCOPY) -O binary $< $@
