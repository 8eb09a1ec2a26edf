# Hypervisor extension (priv spec 20211203 chapter 8): virtual-machine loads and stores,
# hypervisor fences and their Svinval forms, and the hypervisor / VS CSR names. GNU as
# 2.40 enables them with .option arch, +h (and +svinval for hinval.*).
        .option arch, +h, +svinval
        .text
        .globl _start
_start:
        hlv.b a0, (a1)
        hlv.bu t0, (t1)
        hlv.h s0, (sp)
        hlv.hu a2, (a3)
        hlvx.hu t2, (t3)
        hlv.w x31, (x1)
        hlv.wu a4, (a5)
        hlvx.wu a6, (a7)
        hlv.d s2, (s3)
        hlv.d zero, 0(a0)
        hsv.b a0, (a1)
        hsv.h t0, (t1)
        hsv.w s4, (s5)
        hsv.d ra, (sp)
        hsv.d zero, 0(t6)
        hfence.vvma a0, a1
        hfence.vvma zero, zero
        hfence.vvma a2, zero
        hfence.vvma zero, a3
        hfence.gvma t0, t1
        hfence.gvma zero, zero
        hfence.gvma t2, x0
        hinval.vvma a0, a1
        hinval.vvma zero, zero
        hinval.gvma a2, a3
        hinval.gvma x0, x0
        csrr a0, hstatus
        csrw hedeleg, a1
        csrs hideleg, a2
        csrc hie, a3
        csrr a4, htimedelta
        csrw hcounteren, a5
        csrr a6, hgeie
        csrw henvcfg, a7
        csrr t0, htval
        csrr t1, hip
        csrw hvip, t2
        csrr t3, htinst
        csrw hgatp, t4
        csrr t5, hgeip
        csrr t6, vsstatus
        csrw vsie, s0
        csrw vstvec, s1
        csrrw s2, vsscratch, s3
        csrr s4, vsepc
        csrr s5, vscause
        csrr s6, vstval
        csrr s7, vsip
        csrw vsatp, s8
        csrr s9, mtval2
        csrr s10, mtinst
        c.nop
        ret
