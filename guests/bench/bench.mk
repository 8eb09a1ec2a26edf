# HyperStep benchmark workloads (bare-metal, `virt` board), see
# bench/main.ts for the runner (`npm run bench`). Included by guests/Makefile.
#   bench          build bench/build/<workload>.elf (committed)
#   bench-measure  build variants that print retired instructions at exit
#                  into bench/build-measure/ (for sizing workloads, e.g. under
#                  `qemu-system-riscv64 -icount shift=0`; not committed)

include lib/virt.mk

BENCH_WORKLOADS    := intmix ptrchase branchy muldiv fpu sv39
BENCH_ELFS         := $(BENCH_WORKLOADS:%=bench/build/%.elf)
BENCH_MEASURE_ELFS := $(BENCH_WORKLOADS:%=$(O)bench/build-measure/%.elf)
BENCH_DEPS         := bench/src/common.h bench/bench.mk $(VIRT_LIB_DEPS)

.PHONY: bench bench-measure

bench: $(addprefix $(O),$(BENCH_ELFS))

bench-measure: $(BENCH_MEASURE_ELFS)

$(addprefix $(O),$(BENCH_ELFS)): $(O)bench/build/%.elf: bench/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$<,)

$(BENCH_MEASURE_ELFS): $(O)bench/build-measure/%.elf: bench/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$<,-DVIRT_MEASURE)

ALL_TARGETS += bench
REPRO_ELFS  += $(BENCH_ELFS)
