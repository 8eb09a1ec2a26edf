# Multi-hart test programs (included from guests/Makefile).
#
#   make smp          build smp/build/*.elf (committed): <prog><N>.elf expects N harts
#   make smp-qemu     build QEMU variants (long spin limits, smp/build/qemu/, not
#                     committed) and run each on QEMU's virt board with -smp N, then
#                     check that a wrong hart count fails (case 1: too few, 2: too many)
#
# Programs run in M-mode on `virt` (all harts enter at the ELF entry with a0 = hartid)
# and exit through the SiFive test finisher (0x5555 pass, 0x3333 | (case << 16) fail;
# QEMU's exit status is the case number). See smp/smp_test.h.

SMP_PROGS  := ipi2 ipi4 lrsc2 lrsc4 timer1 timer4 echo4
SMP_ELFS   := $(SMP_PROGS:%=smp/build/%.elf)
SMP_DEPS   := smp/smp_test.h common/htif.ld smp/smp.mk
SMP_CFLAGS := $(HTIF_CFLAGS) -Ismp -Wl,--build-id=none
# Hart count from the name: ipi4 -> 4.
smp_nharts = $(lastword $(subst 1, 1,$(subst 2, 2,$(subst 4, 4,$(1)))))

REPRO_ELFS  += $(SMP_ELFS)
ALL_TARGETS += smp

.PHONY: smp smp-qemu
smp: $(SMP_ELFS)

smp/build/%.elf: $(SMP_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(SMP_CFLAGS) -DNHARTS=$(call smp_nharts,$*) -o $@ smp/$(subst $(call smp_nharts,$*),,$*).S

smp/build/ipi2.elf smp/build/ipi4.elf: smp/ipi.S
smp/build/lrsc2.elf smp/build/lrsc4.elf: smp/lrsc.S
smp/build/echo4.elf: smp/echo.S
smp/build/timer1.elf smp/build/timer4.elf: smp/timer.S

# QEMU variants: host scheduling of QEMU's vCPU threads is not bounded, so the
# waits get a much longer spin limit there.
smp/build/qemu/%.elf: $(SMP_DEPS) smp/ipi.S smp/lrsc.S smp/echo.S smp/timer.S
	@mkdir -p $(dir $@)
	$(CC) $(SMP_CFLAGS) -DSPIN_LIMIT=2000000000 -DNHARTS=$(call smp_nharts,$*) -o $@ smp/$(subst $(call smp_nharts,$*),,$*).S

SMP_QEMU_RUN = timeout 60 $(QEMU) -M virt -bios none -nographic
smp-qemu: $(filter-out smp/build/qemu/echo4.elf,$(SMP_PROGS:%=smp/build/qemu/%.elf))
	@fails=0; for e in $^; do \
	   n=$$(basename $$e .elf); n=$${n: -1}; \
	   $(SMP_QEMU_RUN) -smp $$n -kernel $$e >/dev/null 2>&1 </dev/null; rc=$$?; \
	   if [ $$rc -eq 0 ]; then echo "PASS $$e (-smp $$n)"; else echo "FAIL $$e (-smp $$n): case $$rc"; fails=$$((fails+1)); fi; \
	   $(SMP_QEMU_RUN) -smp $$((n+1)) -kernel $$e >/dev/null 2>&1 </dev/null; rc=$$?; \
	   if [ $$rc -eq 2 ]; then echo "PASS $$e (-smp $$((n+1)) -> case 2)"; else echo "FAIL $$e (-smp $$((n+1))): got $$rc, want 2"; fails=$$((fails+1)); fi; \
	 done; [ $$fails -eq 0 ]
