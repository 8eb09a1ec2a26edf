# HyperStep benchmark workloads (bare-metal, `virt` board), see
# bench/main.ts for the runner (`npm run bench`). Included by guests/Makefile.
#   bench          build bench/build/<workload>.elf (committed)
#   bench-measure  build variants that print retired instructions at exit
#                  into bench/build-measure/ (for sizing workloads, e.g. under
#                  `qemu-system-riscv64 -icount shift=0`; not committed)
# sv39vs runs sv39's S-mode work as a VS-mode guest under lib/hvhost.c's
# HS-mode host (H extension): extra sources and assembler flags below.

include lib/virt.mk

BENCH_WORKLOADS    := intmix ptrchase branchy muldiv fpu sv39 sv39vs coremark_like
BENCH_ELFS         := $(BENCH_WORKLOADS:%=bench/build/%.elf)
BENCH_MEASURE_ELFS := $(BENCH_WORKLOADS:%=$(O)bench/build-measure/%.elf)
BENCH_DEPS         := bench/src/common.h bench/bench.mk $(VIRT_LIB_DEPS)

.PHONY: bench bench-measure

bench: $(addprefix $(O),$(BENCH_ELFS))

bench-measure: $(BENCH_MEASURE_ELFS)

$(addprefix $(O),$(BENCH_ELFS)): $(O)bench/build/%.elf: bench/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$< $(BENCH_EXTRA_SRCS),$(BENCH_EXTRA_CFLAGS))

$(BENCH_MEASURE_ELFS): $(O)bench/build-measure/%.elf: bench/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$< $(BENCH_EXTRA_SRCS),-DVIRT_MEASURE $(BENCH_EXTRA_CFLAGS))

BENCH_SV39VS_ELFS := $(O)bench/build/sv39vs.elf $(O)bench/build-measure/sv39vs.elf $(O)bench/build-long/sv39vs.elf
$(BENCH_SV39VS_ELFS): bench/src/sv39.c $(HV_HOST_DEPS)
$(BENCH_SV39VS_ELFS): BENCH_EXTRA_SRCS := $(HV_HOST_SRCS)
$(BENCH_SV39VS_ELFS): BENCH_EXTRA_CFLAGS := $(HV_HOST_CFLAGS)

ALL_TARGETS += bench
REPRO_ELFS  += $(BENCH_ELFS)

# sv39long: sv39 with ten times the hash lookups (about 1.8 x 10^9 instructions), for
# the time-travel figures of `npm run bench` (bench/timeTravel.ts: stepping back at 10^9
# instructions into a run). Its checksum differs from sv39's EXPECTED: the runner stops
# it long before it would report.
BENCH_LONG_ELF := $(O)bench/build-long/sv39long.elf
bench-long: $(BENCH_LONG_ELF)
$(BENCH_LONG_ELF): bench/src/sv39.c $(BENCH_DEPS)
	$(call virt_link,$@,$<,-DHASH_LOOKUPS=30000000 '-DSV39_NAME="sv39long"')
.PHONY: bench-long
ALL_TARGETS += bench-long
REPRO_ELFS  += bench/build-long/sv39long.elf

# Long variants of every workload, the ones `npm run bench` times by default (the short
# ELFs in bench/build serve `--quick` and the tests): iteration counts raised so each
# takes at least 2 s under qemu-system-riscv64 7.2 on the project's machine, so QEMU's
# start-up (~0.05 s) does not flatter the HyperStep/QEMU ratio. Same code, so the same
# name; EXPECTED is the checksum at these counts (the guest still checks itself).
BENCH_LONG_ELFS := $(BENCH_WORKLOADS:%=bench/build-long/%.elf)
BENCH_LONG_DEFS_intmix   := -DCRC_ROUNDS=780 -DSIEVE_ROUNDS=130 -DHASH_ROUNDS=520 -DEXPECTED=0x4970802d4c6174a9ULL
BENCH_LONG_DEFS_ptrchase := -DLIST_STEPS=12000000u -DTREE_LOOKUPS=960000 -DEXPECTED=0x167240356a03ab42ULL
BENCH_LONG_DEFS_branchy  := -DCOLLATZ_LIMIT=90000 -DSORT_ROUNDS=108 -DLEX_ROUNDS=216 -DEXPECTED=0xc6af69530c975cbdULL
BENCH_LONG_DEFS_muldiv   := -DGCD_PAIRS=6500000 -DPOW_ROUNDS=1300000 -DSQRT_ROUNDS=8100000 -DW_ROUNDS=40500000 -DEXPECTED=0x27b76356980b3e24ULL
BENCH_LONG_DEFS_fpu      := -DNBODY_STEPS=1100000 -DMAT_ROUNDS=110 -DSP_ROUNDS=1100 -DEXPECTED=0x375db8396054af24ULL
BENCH_LONG_DEFS_sv39     := -DHASH_LOOKUPS=9000000 -DREMAPS=100000 -DEXPECTED=0x3ca82dc4d460cd98ULL
BENCH_LONG_DEFS_sv39vs   := $(BENCH_LONG_DEFS_sv39)
BENCH_LONG_DEFS_coremark_like := -DITERATIONS=32000 -DEXPECTED=0x91000768570fab19ULL
$(addprefix $(O),$(BENCH_LONG_ELFS)): $(O)bench/build-long/%.elf: bench/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$< $(BENCH_EXTRA_SRCS),$(BENCH_LONG_DEFS_$*) $(BENCH_EXTRA_CFLAGS))
REPRO_ELFS  += $(BENCH_LONG_ELFS)
bench-long: $(addprefix $(O),$(BENCH_LONG_ELFS))
