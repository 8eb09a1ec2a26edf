# ISA test suite fragment (included from guests/Makefile).
#
#   make isa            build isa/build/*.elf and isa/manifest.json
#   make isa-qemu       run every test on QEMU's spike board (HTIF exit code)
#   make isa-dump       objdump listings into isa/build/*.dump (not committed)

ISA_SRCS  := $(sort $(wildcard isa/*.S))
ISA_NAMES := $(patsubst isa/%.S,%,$(ISA_SRCS))
ISA_ELFS  := $(ISA_NAMES:%=isa/build/%.elf)
ISA_DEPS  := common/htif_test.h common/htif.ld isa/isa.mk

REPRO_ELFS  += $(ISA_ELFS)
ALL_TARGETS += isa

.PHONY: isa isa-qemu isa-dump
isa: $(ISA_ELFS) isa/manifest.json

$(O)isa/build/%.elf: isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HTIF_CFLAGS) -o $@ $<

isa/manifest.json: $(ISA_SRCS) ../scripts/isaManifest.mjs
	$(NODE) ../scripts/isaManifest.mjs

# QEMU 7.2 exits with the HTIF code (tohost >> 1); -icount makes instret exact.
ISA_QEMU_RUN = timeout 20 $(QEMU) -M spike -bios none -nographic -icount shift=0 -kernel
isa-qemu: $(ISA_ELFS)
	@fails=0; for e in $(ISA_ELFS); do \
	   $(ISA_QEMU_RUN) $$e >/dev/null 2>&1; rc=$$?; \
	   if [ $$rc -eq 0 ]; then echo "PASS $$e"; else echo "FAIL $$e (case $$rc)"; fails=$$((fails+1)); fi; \
	 done; [ $$fails -eq 0 ]

isa-dump: $(ISA_ELFS)
	@for e in $(ISA_ELFS); do $(OBJDUMP) -d -M no-aliases $$e > $${e%.elf}.dump; done
