# HyperStep demo guest (bare-metal, `virt` board), used by `npm start`.
# Included by guests/Makefile. Target `demo` builds guests/demo/build/demo.elf
# and appends it to REPRO_ELFS.

DEMO_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
include $(DEMO_DIR)/../lib/virt.mk

DEMO_ELF := $(DEMO_DIR)/build/demo.elf

.PHONY: demo

demo: $(DEMO_ELF)

$(DEMO_ELF): $(DEMO_DIR)/demo.c $(DEMO_DIR)/demo.mk $(VIRT_LIB_DEPS)
	$(call virt_link,$@,$<,)

REPRO_ELFS += $(DEMO_ELF)
