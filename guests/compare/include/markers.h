/* HyperStep measurement markers (guests/compare/README.md "Markers"): RISC-V HINTs
 * designated for custom use (`slli x0, x0, N`; unprivileged spec, "HINT Instructions"),
 * which every hart executes as no-ops and HyperStep's decoder recognises. */
#ifndef COMPARE_MARKERS_H
#define COMPARE_MARKERS_H

#define MARK_BEGIN    1
#define MARK_END      2
#define MARK_IO_BEGIN 3
#define MARK_IO_END   4
#define MARK_IO_OUT_BEGIN 5

#define COMPARE_MARK(n) __asm__ volatile(".insn i 0x13, 1, x0, x0, " #n ::: "memory")
#define mark_begin()    COMPARE_MARK(1)
#define mark_end()      COMPARE_MARK(2)
#define mark_io_begin() COMPARE_MARK(3)
#define mark_io_end()   COMPARE_MARK(4)
#define mark_io_out_begin() COMPARE_MARK(5)

#endif
