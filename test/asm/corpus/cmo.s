# Cache-block operations (Zicbom, Zicboz) and Svinval, enabled with .option arch as
# GNU as 2.40 requires. cbo.* take "(reg)" or "0(reg)" (any offset expression equal to 0).
        .option arch, +zicbom, +zicboz, +svinval
        .text
        .globl _start
_start:
        cbo.clean (a0)
        cbo.flush (a1)
        cbo.inval (t0)
        cbo.zero (s1)
        cbo.clean 0(a0)
        cbo.flush 1-1(sp)
        cbo.inval 0(x31)
        cbo.zero 0(zero)
        cbo.zero (t6)
        cbo.clean (x1)
        sinval.vma a0, a1
        sinval.vma zero, zero
        sinval.vma x0, a5
        sinval.vma t6, x0
        sfence.w.inval
        sfence.inval.ir
        sfence.w.inval
        sinval.vma a0, zero
        sfence.inval.ir
        c.nop
        cbo.zero (a0)
        ret
