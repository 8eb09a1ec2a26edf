# ISA test suite fragment (included from guests/Makefile).
#
#   make isa             build isa/build/*.elf (committed) and isa/manifest.json
#   make isa-qemu        build QEMU-7.2 variants (-DQEMU72_QUIRKS, not committed)
#                        into isa/build/qemu/ and run each on QEMU's spike board
#   make isa-check-rvc   check rv64uc.elf contains every RV64C instruction form
#   make isa-selftest    for every case n, build with -DHS_BREAK_CASE=n (flips that
#                        case's expected values) and check QEMU reports case n
#
# Programs signal through HTIF: tohost = 1 pass, (case << 1) | 1 failure.

ISA_SRCS  := $(sort $(wildcard isa/*.S))
ISA_NAMES := $(patsubst isa/%.S,%,$(ISA_SRCS))
ISA_ELFS  := $(ISA_NAMES:%=isa/build/%.elf)
ISA_DEPS  := common/htif_test.h common/htif.ld isa/isa.mk

REPRO_ELFS  += $(ISA_ELFS)
ALL_TARGETS += isa

.PHONY: isa isa-qemu isa-check-rvc isa-selftest
isa: $(ISA_ELFS) isa/manifest.json

isa/build/%.elf: isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HTIF_CFLAGS) -o $@ $<

isa/manifest.json: $(ISA_SRCS) ../scripts/isaManifest.mjs
	$(NODE) ../scripts/isaManifest.mjs

# QEMU 7.2 deviates in three places (see misaligned.S and zicntr.S); the
# QEMU72_QUIRKS variants adapt only those checks. QEMU's exit status is the
# HTIF code (tohost >> 1); -icount shift=0 makes instret exact.
ISA_QEMU_RUN = timeout 30 $(QEMU) -M spike -bios none -nographic -icount shift=0 -kernel
isa/build/qemu/%.elf: isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HTIF_CFLAGS) -DQEMU72_QUIRKS -o $@ $<

isa-qemu: $(ISA_NAMES:%=isa/build/qemu/%.elf)
	@fails=0; for e in $^; do \
	   $(ISA_QEMU_RUN) $$e >/dev/null 2>&1; rc=$$?; \
	   if [ $$rc -eq 0 ]; then echo "PASS $$e"; else echo "FAIL $$e (case $$rc)"; fails=$$((fails+1)); fi; \
	 done; [ $$fails -eq 0 ]

ISA_RVC_FORMS := c.addi4spn c.fld c.lw c.ld c.fsd c.sw c.sd c.nop c.addi c.addiw c.li \
  c.addi16sp c.lui c.srli c.srai c.andi c.sub c.xor c.or c.and c.subw c.addw c.j c.beqz \
  c.bnez c.slli c.fldsp c.lwsp c.ldsp c.jr c.mv c.ebreak c.jalr c.add c.fsdsp c.swsp c.sdsp
isa-check-rvc: isa/build/rv64uc.elf
	@d=$$( $(OBJDUMP) -d -M no-aliases $< | awk -F'\t' '{print $$3}' | awk '{print $$1}' | sort -u); \
	 $(OBJDUMP) -d $< | grep -qP ':\t0001 ' && d="$$d c.nop";  # c.nop = 0x0001 (shown as c.addi zero,0) \
	 missing=""; for m in $(ISA_RVC_FORMS); do echo "$$d" | tr ' ' '\n' | grep -qx "$$m" || missing="$$missing $$m"; done; \
	 if [ -n "$$missing" ]; then echo "rv64uc.elf lacks:$$missing" >&2; exit 1; fi; \
	 echo "rv64uc.elf: all $(words $(ISA_RVC_FORMS)) RV64C forms present"

isa-selftest:
	@bad=0; for s in $(ISA_SRCS); do \
	   n=$$(basename $$s .S); \
	   for k in $$(grep -oP '^\s*(CASE|TEST_[A-Z0-9_]+)\s*\(\s*\K\d+' $$s); do \
	     $(CC) $(HTIF_CFLAGS) -DQEMU72_QUIRKS -DHS_BREAK_CASE=$$k -o /tmp/isa-selftest-$$n.elf $$s || exit 1; \
	     $(ISA_QEMU_RUN) /tmp/isa-selftest-$$n.elf >/dev/null 2>&1; rc=$$?; \
	     [ $$rc -eq $$k ] || { echo "$$n: breaking case $$k gave exit $$rc"; bad=$$((bad+1)); }; \
	   done; rm -f /tmp/isa-selftest-$$n.elf; \
	 done; echo "isa-selftest: $$bad undetected"
