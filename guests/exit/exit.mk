# Exit-status guests for the CLI tests (included from guests/Makefile).
#
#   make exit          build exit/build/*.elf (committed; used by test/cli.test.ts)
#   make exit-qemu     run each program on QEMU and check its exit status and output
#
# Tiny M-mode programs that end through HTIF tohost (htif_*), the SiFive test
# finisher (finisher_*, uart_hello), or never end (spin, trapstorm, wfi_forever).

EXIT_SRCS  := $(sort $(wildcard exit/*.S))
EXIT_NAMES := $(patsubst exit/%.S,%,$(EXIT_SRCS))
EXIT_ELFS  := $(EXIT_NAMES:%=exit/build/%.elf)
EXIT_DEPS  := exit/exit.h common/htif.ld exit/exit.mk

REPRO_ELFS  += $(EXIT_ELFS)
ALL_TARGETS += exit

.PHONY: exit exit-qemu
exit: $(EXIT_ELFS)

exit/build/%.elf: exit/%.S $(EXIT_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(HTIF_CFLAGS) $(EXIT_ASFLAGS) -Iexit -o $@ $<

# The VM-exit storms use hypervisor CSRs (gcc 12 knows them only with h in -march).
exit/build/vmstorm_%.elf: EXIT_ASFLAGS := -Wa,-march=rv64gch

# name:board:expected-status[:expected-stdout]. HTIF needs QEMU's spike board; the
# finisher and the UART need virt. The never-ending programs are stopped by
# `timeout`, whose status is 124 (the same code the CLI uses for --max-insns).
EXIT_QEMU_CASES := htif_pass:spike:0 signature:spike:0 htif_exit7:spike:7 htif_putchar:spike:0:hi \
                   finisher_pass:virt:0 finisher_exit5:virt:5 \
                   uart_hello:virt:0:hello,_uart uart_flood:virt:0 \
                   spin:virt:124 trapstorm:virt:124 wfi_forever:virt:124 \
                   vmstorm_gpf:virt:124 vmstorm_virt:virt:124

exit-qemu: $(EXIT_ELFS)
	@fails=0; for c in $(EXIT_QEMU_CASES); do \
	   IFS=: read -r n board want out <<<"$$c"; \
	   timeout 3 $(QEMU) -M $$board -cpu rv64,h=true -bios none -nographic -kernel exit/build/$$n.elf \
	     </dev/null >exit/build/qemu.out 2>/dev/null; rc=$$?; got=$$(tr -d '\r' <exit/build/qemu.out); \
	   if [ "$$rc" != "$$want" ]; then echo "FAIL $$n ($$board): status $$rc, want $$want"; fails=$$((fails+1)); \
	   elif [ -n "$$out" ] && [ "$$got" != "$${out//_/ }" ]; then echo "FAIL $$n ($$board): output '$$got'"; fails=$$((fails+1)); \
	   else echo "PASS $$n ($$board): status $$rc"; fi; \
	 done; rm -f exit/build/qemu.out; [ $$fails -eq 0 ]
