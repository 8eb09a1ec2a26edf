# HyperStep benchmark workloads (bare-metal, `virt` board).
# Included by guests/Makefile. Targets:
#   bench          build guests/bench/build/<workload>.elf
#   bench-measure  build variants that print retired instructions at exit
#                  into guests/bench/build-measure/ (for sizing; not committed)
# Appends the committed ELFs to REPRO_ELFS.

BENCH_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
include $(BENCH_DIR)/../lib/virt.mk

BENCH_WORKLOADS := intmix ptrchase branchy muldiv fpu sv39
BENCH_ELFS      := $(BENCH_WORKLOADS:%=$(BENCH_DIR)/build/%.elf)
BENCH_MEASURE_ELFS := $(BENCH_WORKLOADS:%=$(BENCH_DIR)/build-measure/%.elf)
BENCH_DEPS      := $(BENCH_DIR)/src/common.h $(BENCH_DIR)/bench.mk $(VIRT_LIB_DEPS)

.PHONY: bench bench-measure bench-clean

bench: $(BENCH_ELFS)

bench-measure: $(BENCH_MEASURE_ELFS)

$(BENCH_ELFS): $(BENCH_DIR)/build/%.elf: $(BENCH_DIR)/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$<,)

$(BENCH_MEASURE_ELFS): $(BENCH_DIR)/build-measure/%.elf: $(BENCH_DIR)/src/%.c $(BENCH_DEPS)
	$(call virt_link,$@,$<,-DVIRT_MEASURE)

bench-clean:
	rm -rf $(BENCH_DIR)/build-measure

REPRO_ELFS += $(BENCH_ELFS)
