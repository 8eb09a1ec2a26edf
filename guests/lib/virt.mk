# HyperStep guest library: toolchain settings for bare-metal `virt` programs.
# Included by bench/bench.mk and demo/demo.mk (safe to include more than
# once). Follows the fragment contract in guests/Makefile: paths relative to
# guests/ (make runs as `make -C guests`), outputs below $(O).
#
# Usage in a recipe:  $(call virt_link,<out.elf>,<sources...>,<extra cflags>)
# Builds are deterministic: -O2, no debug info, no build-id, relative source
# paths and -ffile-prefix-map for anything that still embeds a path.

ifndef HYPERSTEP_VIRT_MK
HYPERSTEP_VIRT_MK := 1

CROSS       ?= riscv64-unknown-elf-
VIRT_CC     ?= $(CROSS)gcc
VIRT_ARCH   := -march=rv64gc -mabi=lp64d -misa-spec=2.2 -mcmodel=medany
VIRT_CFLAGS := $(VIRT_ARCH) -O2 -std=gnu11 -Wall -Wextra \
               -ffreestanding -fno-common -fno-pic -fno-math-errno \
               -fno-asynchronous-unwind-tables -fno-unwind-tables \
               -ffile-prefix-map=$(CURDIR)=. -Ilib
VIRT_LDFLAGS := -nostdlib -nostartfiles -static -T lib/link.ld \
                -Wl,--build-id=none -Wl,--no-warn-rwx-segments
VIRT_LIB_SRCS := lib/crt0.S lib/virt.c
VIRT_LIB_DEPS := $(VIRT_LIB_SRCS) lib/virt.h lib/link.ld lib/virt.mk

# The HS-mode hypervisor host (lib/hvhost.h) for programs that run a VS-mode
# guest: extra sources and flags for virt_link. gcc 12 has no `h` in -march,
# so the assembler gets rv64gch; -mno-riscv-attribute stops gcc's
# `.attribute arch` from switching the assembler back to rv64gc.
HV_HOST_SRCS   := lib/hvhost.c lib/hvhost_entry.S
HV_HOST_DEPS   := $(HV_HOST_SRCS) lib/hvhost.h
HV_HOST_CFLAGS := -mno-riscv-attribute -Wa,-march=rv64gch

virt_link = @mkdir -p $(dir $(1)) && \
  echo "  CCLD    $(1)" && \
  $(VIRT_CC) $(VIRT_CFLAGS) $(3) -o $(1) $(2) $(VIRT_LIB_SRCS) $(VIRT_LDFLAGS) -lgcc

endif
