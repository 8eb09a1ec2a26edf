# HyperStep debug guests (bare-metal, `virt` board) for the debugger and the
# DAP scenario tests in test/dap/. Included by guests/Makefile; target `debug`
# builds (committed, reproducible, paths in DWARF relative to guests/):
#   debug/build/prog_o0.elf   prog.c + shapes.c, -O0 -g (DWARF 5)
#   debug/build/prog_og.elf   same, -Og -g -fasynchronous-unwind-tables (.eh_frame)
#   debug/build/prog_dw4.elf  same, -O0 -gdwarf-4
#   debug/build/inline_o2.elf inline.c, -O2 -g: nested always_inline functions
#   debug/build/spin.elf      spin.c, -O0 -g: prints "spinning", loops forever
#   debug/build/asm.elf       asm.S, -g: calls, a loop, exit code 0
#   debug/build/traps.elf     traps.S, -g: one of each synchronous exception,
#                             handled in M-mode; exit code 0
# The C programs use the virt library (lib/: UART printf, exit through the
# SiFive test finisher): lib/virt.c compiled with the same flags, lib/crt0.S
# without debug info. All link with
# debug/link.ld (lib/link.ld that keeps .eh_frame).

include lib/virt.mk

DEBUG_PROG_ELFS := $(addprefix debug/build/,prog_o0.elf prog_og.elf prog_dw4.elf)
DEBUG_ELFS  := $(DEBUG_PROG_ELFS) $(addprefix debug/build/,inline_o2.elf spin.elf asm.elf traps.elf)

# virt.mk's flags without its -O2 (each ELF picks its own level). Later flags
# win, so -fasynchronous-unwind-tables overrides virt.mk's -fno-... one.
DEBUG_CFLAGS  := $(filter-out -O2,$(VIRT_CFLAGS)) -Idebug
DEBUG_LDFLAGS := -nostdlib -nostartfiles -static -T debug/link.ld \
                 -Wl,--build-id=none -Wl,--no-warn-rwx-segments
DEBUG_DEPS    := debug/debug.mk debug/link.ld
DEBUG_PROG_SRCS := debug/prog.c debug/shapes.c

# $(call debug_link,<out.elf>,<sources...>,<extra flags>)
# C programs with the virt library. lib/crt0.S is assembled separately
# without -g: its `.file "crt0.S"` would give it line info naming a file
# that does not exist relative to the compilation directory.
debug_link = @mkdir -p $(dir $(1)) && \
  echo "  CCLD    $(1)" && \
  $(VIRT_CC) $(DEBUG_CFLAGS) -c -o $(1).crt0.o lib/crt0.S && \
  { $(VIRT_CC) $(DEBUG_CFLAGS) $(3) -o $(1) $(1).crt0.o $(2) lib/virt.c \
      $(DEBUG_LDFLAGS) -lgcc; rc=$$?; rm -f $(1).crt0.o; exit $$rc; }

# $(call debug_asm,<out.elf>,<source.S>): a standalone assembly program. gcc
# does not forward -ffile-prefix-map to the assembler, so map it explicitly;
# assemble and link in two steps, else the symbol table names a random
# temporary object file.
debug_asm = @mkdir -p $(dir $(1)) && \
  echo "  CCLD    $(1)" && \
  $(VIRT_CC) $(DEBUG_CFLAGS) -g -Wa,--debug-prefix-map=$(CURDIR)=. -c -o $(1).o $(2) && \
  { $(VIRT_CC) $(DEBUG_CFLAGS) -o $(1) $(1).o $(DEBUG_LDFLAGS); rc=$$?; rm -f $(1).o; exit $$rc; }

.PHONY: debug
debug: $(addprefix $(O),$(DEBUG_ELFS))

$(O)debug/build/prog_o0.elf: $(DEBUG_PROG_SRCS) debug/shapes.h $(DEBUG_DEPS) $(VIRT_LIB_DEPS)
	$(call debug_link,$@,$(DEBUG_PROG_SRCS),-O0 -g)

$(O)debug/build/prog_og.elf: $(DEBUG_PROG_SRCS) debug/shapes.h $(DEBUG_DEPS) $(VIRT_LIB_DEPS)
	$(call debug_link,$@,$(DEBUG_PROG_SRCS),-Og -g -fasynchronous-unwind-tables)

$(O)debug/build/prog_dw4.elf: $(DEBUG_PROG_SRCS) debug/shapes.h $(DEBUG_DEPS) $(VIRT_LIB_DEPS)
	$(call debug_link,$@,$(DEBUG_PROG_SRCS),-O0 -gdwarf-4)

$(O)debug/build/inline_o2.elf: debug/inline.c $(DEBUG_DEPS) $(VIRT_LIB_DEPS)
	$(call debug_link,$@,debug/inline.c,-O2 -g)

$(O)debug/build/spin.elf: debug/spin.c $(DEBUG_DEPS) $(VIRT_LIB_DEPS)
	$(call debug_link,$@,debug/spin.c,-O0 -g)

$(O)debug/build/asm.elf: debug/asm.S $(DEBUG_DEPS)
	$(call debug_asm,$@,debug/asm.S)

$(O)debug/build/traps.elf: debug/traps.S $(DEBUG_DEPS)
	$(call debug_asm,$@,debug/traps.S)

ALL_TARGETS += debug
REPRO_ELFS  += $(DEBUG_ELFS)
