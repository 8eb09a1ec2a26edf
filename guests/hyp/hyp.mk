# Hypervisor-extension (H 1.0) test programs (included from guests/Makefile).
#
#   make hyp             build hyp/build/*.elf (committed)
#   make hyp-qemu        build QEMU-7.2 variants (-DQEMU72_QUIRKS, not committed) into
#                        hyp/build/qemu/ and run each on QEMU's virt board (-cpu rv64,h=true)
#   make hyp-selftest    for every case n, build with -DHS_BREAK_CASE=n (flips that
#                        case's expected values) and check QEMU reports case n
#
# Same frame and exits as guests/priv (SiFive test finisher; QEMU's exit status is the
# failing case number); see hyp/hyp_test.h. gcc 12 has no `h` in -march, so only the
# assembler gets it (-Wa,-march=rv64gch): hlv/hsv/hfence and the H CSR names assemble.

HYP_SRCS   := $(sort $(wildcard hyp/*.S))
HYP_NAMES  := $(patsubst hyp/%.S,%,$(HYP_SRCS))
HYP_ELFS   := $(HYP_NAMES:%=hyp/build/%.elf)
HYP_DEPS   := hyp/hyp_test.h hyp/hyp_vm.h priv/priv_test.h priv/vm_common.h \
              common/htif_test.h common/htif.ld hyp/hyp.mk
HYP_CFLAGS := $(HTIF_CFLAGS) -Wa,-march=rv64gch -Ipriv -Ihyp

REPRO_ELFS  += $(HYP_ELFS)
ALL_TARGETS += hyp

.PHONY: hyp hyp-qemu hyp-selftest
hyp: $(HYP_ELFS)

hyp/build/%.elf: hyp/%.S $(HYP_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HYP_CFLAGS) -o $@ $<

# QEMU 7.2 deviates from the spec in a few places (SPEC_CHECK / IMPL_CHECK in the
# sources, listed in docs/difftest.md); the QEMU runs use -DQEMU72_QUIRKS variants.
HYP_QEMU_RUN = timeout 30 $(QEMU) -M virt -cpu rv64,h=true -bios none -nographic -kernel
hyp/build/qemu/%.elf: hyp/%.S $(HYP_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HYP_CFLAGS) -DQEMU72_QUIRKS -o $@ $<

hyp-qemu: $(HYP_NAMES:%=hyp/build/qemu/%.elf)
	@fails=0; for e in $^; do \
	   $(HYP_QEMU_RUN) $$e >/dev/null 2>&1 </dev/null; rc=$$?; \
	   if [ $$rc -eq 0 ]; then echo "PASS $$e"; else echo "FAIL $$e (case $$rc)"; fails=$$((fails+1)); fi; \
	 done; [ $$fails -eq 0 ]

hyp-selftest:
	@bad=0; total=0; for s in $(HYP_SRCS); do \
	   n=$$(basename $$s .S); \
	   for k in $$(grep -oP '^\s*(CASE|TEST_[A-Z0-9_]+)\s*\(\s*\K\d+' $$s | sort -un); do \
	     total=$$((total+1)); \
	     $(CC) $(HYP_CFLAGS) -DQEMU72_QUIRKS -DHS_BREAK_CASE=$$k -o /tmp/hyp-selftest-$$n.elf $$s || exit 1; \
	     $(HYP_QEMU_RUN) /tmp/hyp-selftest-$$n.elf >/dev/null 2>&1 </dev/null; rc=$$?; \
	     [ $$rc -eq $$k ] || { echo "$$n: breaking case $$k gave exit $$rc"; bad=$$((bad+1)); }; \
	   done; rm -f /tmp/hyp-selftest-$$n.elf; \
	 done; echo "hyp-selftest: $$total cases, $$bad undetected"; [ $$bad -eq 0 ]
