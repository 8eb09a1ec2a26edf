# HyperStep guest library: toolchain settings for bare-metal `virt` programs.
# Included by guests/bench/bench.mk and guests/demo/demo.mk (safe to include
# more than once). Paths are derived from this file's location, so the
# fragment works whatever directory make runs in.
#
# Usage:  $(call virt_link,<out.elf>,<sources...>,<extra cflags>)
# Builds are deterministic: -O2, no debug info, no build-id, and the
# guests/ directory is mapped to "." in any embedded file name.

ifndef HYPERSTEP_VIRT_MK
HYPERSTEP_VIRT_MK := 1

VIRT_LIB_DIR    := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
VIRT_GUESTS_ABS := $(abspath $(VIRT_LIB_DIR)/..)

VIRT_CC     ?= riscv64-unknown-elf-gcc
VIRT_ARCH   := -march=rv64gc -mabi=lp64d -misa-spec=2.2 -mcmodel=medany
VIRT_CFLAGS := $(VIRT_ARCH) -O2 -std=gnu11 -Wall -Wextra \
               -ffreestanding -fno-common -fno-pic -fno-math-errno \
               -fno-asynchronous-unwind-tables -fno-unwind-tables \
               -ffile-prefix-map=$(VIRT_GUESTS_ABS)/= \
               -ffile-prefix-map=$(VIRT_LIB_DIR)/=lib/ \
               -I$(VIRT_LIB_DIR)
VIRT_LDFLAGS := -nostdlib -nostartfiles -static -T $(VIRT_LIB_DIR)/link.ld \
                -Wl,--build-id=none -Wl,--no-warn-rwx-segments
VIRT_LIB_SRCS := $(VIRT_LIB_DIR)/crt0.S $(VIRT_LIB_DIR)/virt.c
VIRT_LIB_DEPS := $(VIRT_LIB_SRCS) $(VIRT_LIB_DIR)/virt.h $(VIRT_LIB_DIR)/link.ld \
                 $(VIRT_LIB_DIR)/virt.mk

virt_link = @mkdir -p $(dir $(1)) && \
  echo "  CCLD    $(1)" && \
  $(VIRT_CC) $(VIRT_CFLAGS) $(3) -o $(1) $(2) $(VIRT_LIB_SRCS) $(VIRT_LDFLAGS) -lgcc

endif
