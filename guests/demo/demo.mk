# HyperStep demo guest (bare-metal, `virt` board), run by `npm start`.
# Included by guests/Makefile. Target `demo` builds demo/build/demo.elf.

include lib/virt.mk

DEMO_ELF := demo/build/demo.elf

.PHONY: demo

demo: $(O)$(DEMO_ELF)

$(O)$(DEMO_ELF): demo/demo.c demo/demo.mk $(VIRT_LIB_DEPS)
	$(call virt_link,$@,$<,)

ALL_TARGETS += demo
REPRO_ELFS  += $(DEMO_ELF)
