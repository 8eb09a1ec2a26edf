# Privileged-architecture test programs (included from guests/Makefile).
#
#   make priv            build priv/build/*.elf (committed)
#   make priv-qemu       build QEMU-7.2 variants (-DQEMU72_QUIRKS, not committed) into
#                        priv/build/qemu/ and run each on QEMU's virt board
#   make priv-selftest   for every case n, build with -DHS_BREAK_CASE=n (flips that
#                        case's expected values) and check QEMU reports case n
#
# The programs run on the `virt` board and exit through the SiFive test finisher
# (0x5555 pass, 0x3333 | (case << 16) fail; QEMU's exit status is the case number).
# Building with -DPRIV_HTIF selects HTIF tohost instead (see priv/priv_test.h).

PRIV_SRCS  := $(sort $(wildcard priv/*.S))
PRIV_NAMES := $(patsubst priv/%.S,%,$(PRIV_SRCS))
PRIV_ELFS  := $(PRIV_NAMES:%=priv/build/%.elf)
PRIV_DEPS  := priv/priv_test.h common/htif_test.h common/htif.ld priv/priv.mk
PRIV_CFLAGS := $(HTIF_CFLAGS) -Ipriv

REPRO_ELFS  += $(PRIV_ELFS)
ALL_TARGETS += priv

.PHONY: priv priv-qemu priv-selftest
priv: $(PRIV_ELFS)

priv/build/%.elf: priv/%.S $(PRIV_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(PRIV_CFLAGS) -o $@ $<

# QEMU 7.2 predates a few priv-1.12 rules (see the QEMU72_QUIRKS blocks in the
# sources); the QEMU runs use variants built with -DQEMU72_QUIRKS (not committed).
# Svinval/Svnapot/Svpbmt are off by default in QEMU 7.2's rv64 CPU; it has no Zicbo*
# (cmo_svinval.S skips those cases under QEMU72_QUIRKS).
PRIV_QEMU_RUN = timeout 30 $(QEMU) -M virt -cpu rv64,svinval=on,svnapot=on,svpbmt=on \
                -bios none -nographic -kernel
priv/build/qemu/%.elf: priv/%.S $(PRIV_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(PRIV_CFLAGS) -DQEMU72_QUIRKS -o $@ $<

priv-qemu: $(PRIV_NAMES:%=priv/build/qemu/%.elf)
	@fails=0; for e in $^; do \
	   $(PRIV_QEMU_RUN) $$e >/dev/null 2>&1 </dev/null; rc=$$?; \
	   if [ $$rc -eq 0 ]; then echo "PASS $$e"; else echo "FAIL $$e (case $$rc)"; fails=$$((fails+1)); fi; \
	 done; [ $$fails -eq 0 ]

priv-selftest:
	@bad=0; total=0; for s in $(PRIV_SRCS); do \
	   n=$$(basename $$s .S); \
	   for k in $$(grep -oP '^\s*(CASE|TEST_[A-Z0-9_]+)\s*\(\s*\K\d+' $$s | sort -un); do \
	     total=$$((total+1)); \
	     $(CC) $(PRIV_CFLAGS) -DQEMU72_QUIRKS -DHS_BREAK_CASE=$$k -o /tmp/priv-selftest-$$n.elf $$s || exit 1; \
	     $(PRIV_QEMU_RUN) /tmp/priv-selftest-$$n.elf >/dev/null 2>&1 </dev/null; rc=$$?; \
	     [ $$rc -eq $$k ] || { echo "$$n: breaking case $$k gave exit $$rc"; bad=$$((bad+1)); }; \
	   done; rm -f /tmp/priv-selftest-$$n.elf; \
	 done; echo "priv-selftest: $$total cases, $$bad undetected"; [ $$bad -eq 0 ]
