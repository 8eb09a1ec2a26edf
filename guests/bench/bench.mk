# HyperStep benchmark workloads (bare-metal, `virt` board), see
# bench/main.ts for the runner (`npm run bench`). Included by guests/Makefile.
#   bench          build bench/build/<workload>.elf (committed)
#   bench-measure  build variants that print retired instructions at exit
#                  into bench/build-measure/ (for sizing workloads, e.g. under
#                  `qemu-system-riscv64 -icount shift=0`; not committed)
# sv39vs runs sv39's S-mode work as a VS-mode guest under lib/hvhost.c's
# HS-mode host (H extension): extra sources and assembler flags below.

include lib/virt.mk

BENCH_WORKLOADS    := intmix ptrchase branchy muldiv fpu sv39 sv39vs
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

BENCH_SV39VS_ELFS := $(O)bench/build/sv39vs.elf $(O)bench/build-measure/sv39vs.elf
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
