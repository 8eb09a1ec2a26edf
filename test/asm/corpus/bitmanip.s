# asm-test: -Ttext=0x80600000
# Assembler corpus: Zba, Zbb, Zbc, Zbs and Zihintpause (pause), enabled with .option arch
# as GNU as 2.40 requires (the HyperStep assembler always accepts them). Every
# instruction with several register choices (x0 as source and destination), shift
# amounts 0/1/31/32/63, GNU's immediate aliases (ror/rorw/bclr/bext/binv/bset rd, rs, imm)
# and the pseudo-instructions zext.w (add.uw rd, rs, zero) and zext.b (andi rd, rs, 255).
# Zicond (czero.eqz/nez) is unknown to binutils 2.40: its encodings are checked in
# test/zb.test.ts instead.
        .option arch, +zba, +zbb, +zbc, +zbs, +zihintpause
        .text
        .globl _start
_start:
# add.uw
        add.uw	a0, a1, a2
        add.uw	t0, t0, t1
        add.uw	s1, zero, s2
        add.uw	zero, a3, a4
        add.uw	t6, s11, t6
        add.uw	x5, x31, x1
# sh1add
        sh1add	a0, a1, a2
        sh1add	t0, t0, t1
        sh1add	s1, zero, s2
        sh1add	zero, a3, a4
# sh2add
        sh2add	a0, a1, a2
        sh2add	t0, t0, t1
        sh2add	s1, zero, s2
        sh2add	zero, a3, a4
# sh3add
        sh3add	a0, a1, a2
        sh3add	t0, t0, t1
        sh3add	s1, zero, s2
        sh3add	zero, a3, a4
# sh1add.uw
        sh1add.uw	a0, a1, a2
        sh1add.uw	t0, t0, t1
        sh1add.uw	s1, zero, s2
        sh1add.uw	zero, a3, a4
# sh2add.uw
        sh2add.uw	a0, a1, a2
        sh2add.uw	t0, t0, t1
        sh2add.uw	s1, zero, s2
        sh2add.uw	zero, a3, a4
# sh3add.uw
        sh3add.uw	a0, a1, a2
        sh3add.uw	t0, t0, t1
        sh3add.uw	s1, zero, s2
        sh3add.uw	zero, a3, a4
# andn
        andn	a0, a1, a2
        andn	t0, t0, t1
        andn	s1, zero, s2
        andn	zero, a3, a4
# orn
        orn	a0, a1, a2
        orn	t0, t0, t1
        orn	s1, zero, s2
        orn	zero, a3, a4
# xnor
        xnor	a0, a1, a2
        xnor	t0, t0, t1
        xnor	s1, zero, s2
        xnor	zero, a3, a4
# max
        max	a0, a1, a2
        max	t0, t0, t1
        max	s1, zero, s2
        max	zero, a3, a4
        max	t6, s11, t6
        max	x5, x31, x1
# maxu
        maxu	a0, a1, a2
        maxu	t0, t0, t1
        maxu	s1, zero, s2
        maxu	zero, a3, a4
# min
        min	a0, a1, a2
        min	t0, t0, t1
        min	s1, zero, s2
        min	zero, a3, a4
# minu
        minu	a0, a1, a2
        minu	t0, t0, t1
        minu	s1, zero, s2
        minu	zero, a3, a4
# rol
        rol	a0, a1, a2
        rol	t0, t0, t1
        rol	s1, zero, s2
        rol	zero, a3, a4
# rolw
        rolw	a0, a1, a2
        rolw	t0, t0, t1
        rolw	s1, zero, s2
        rolw	zero, a3, a4
# ror
        ror	a0, a1, a2
        ror	t0, t0, t1
        ror	s1, zero, s2
        ror	zero, a3, a4
# rorw
        rorw	a0, a1, a2
        rorw	t0, t0, t1
        rorw	s1, zero, s2
        rorw	zero, a3, a4
# clmul
        clmul	a0, a1, a2
        clmul	t0, t0, t1
        clmul	s1, zero, s2
        clmul	zero, a3, a4
        clmul	t6, s11, t6
        clmul	x5, x31, x1
# clmulh
        clmulh	a0, a1, a2
        clmulh	t0, t0, t1
        clmulh	s1, zero, s2
        clmulh	zero, a3, a4
# clmulr
        clmulr	a0, a1, a2
        clmulr	t0, t0, t1
        clmulr	s1, zero, s2
        clmulr	zero, a3, a4
# bclr
        bclr	a0, a1, a2
        bclr	t0, t0, t1
        bclr	s1, zero, s2
        bclr	zero, a3, a4
# bext
        bext	a0, a1, a2
        bext	t0, t0, t1
        bext	s1, zero, s2
        bext	zero, a3, a4
# binv
        binv	a0, a1, a2
        binv	t0, t0, t1
        binv	s1, zero, s2
        binv	zero, a3, a4
# bset
        bset	a0, a1, a2
        bset	t0, t0, t1
        bset	s1, zero, s2
        bset	zero, a3, a4
# clz
        clz	a0, a1
        clz	t0, t0
        clz	s1, zero
        clz	zero, a3
# clzw
        clzw	a0, a1
        clzw	t0, t0
        clzw	s1, zero
        clzw	zero, a3
# ctz
        ctz	a0, a1
        ctz	t0, t0
        ctz	s1, zero
        ctz	zero, a3
# ctzw
        ctzw	a0, a1
        ctzw	t0, t0
        ctzw	s1, zero
        ctzw	zero, a3
# cpop
        cpop	a0, a1
        cpop	t0, t0
        cpop	s1, zero
        cpop	zero, a3
# cpopw
        cpopw	a0, a1
        cpopw	t0, t0
        cpopw	s1, zero
        cpopw	zero, a3
# sext.b
        sext.b	a0, a1
        sext.b	t0, t0
        sext.b	s1, zero
        sext.b	zero, a3
# sext.h
        sext.h	a0, a1
        sext.h	t0, t0
        sext.h	s1, zero
        sext.h	zero, a3
# zext.h
        zext.h	a0, a1
        zext.h	t0, t0
        zext.h	s1, zero
        zext.h	zero, a3
# orc.b
        orc.b	a0, a1
        orc.b	t0, t0
        orc.b	s1, zero
        orc.b	zero, a3
# rev8
        rev8	a0, a1
        rev8	t0, t0
        rev8	s1, zero
        rev8	zero, a3
# slli.uw
        slli.uw	a0, a1, 0
        slli.uw	t0, t0, 1
        slli.uw	s1, zero, 31
        slli.uw	zero, a3, 32
        slli.uw	a0, a1, 63
# rori
        rori	a0, a1, 0
        rori	t0, t0, 1
        rori	s1, zero, 31
        rori	zero, a3, 32
        rori	a0, a1, 63
# bclri
        bclri	a0, a1, 0
        bclri	t0, t0, 1
        bclri	s1, zero, 31
        bclri	zero, a3, 32
        bclri	a0, a1, 63
# bexti
        bexti	a0, a1, 0
        bexti	t0, t0, 1
        bexti	s1, zero, 31
        bexti	zero, a3, 32
        bexti	a0, a1, 63
# binvi
        binvi	a0, a1, 0
        binvi	t0, t0, 1
        binvi	s1, zero, 31
        binvi	zero, a3, 32
        binvi	a0, a1, 63
# bseti
        bseti	a0, a1, 0
        bseti	t0, t0, 1
        bseti	s1, zero, 31
        bseti	zero, a3, 32
        bseti	a0, a1, 63
# roriw
        roriw	a0, a1, 0
        roriw	t0, t0, 1
        roriw	s1, zero, 15
        roriw	zero, a3, 31
# GNU's immediate aliases
        ror	a0, a1, 63
        ror	t0, t0, 0
        ror	s1, a5, 5 + 2
        rorw	a0, a1, 31
        rorw	t0, t0, 0
        rorw	s1, a5, 5 + 2
        bclr	a0, a1, 63
        bclr	t0, t0, 0
        bclr	s1, a5, 5 + 2
        bext	a0, a1, 63
        bext	t0, t0, 0
        bext	s1, a5, 5 + 2
        binv	a0, a1, 63
        binv	t0, t0, 0
        binv	s1, a5, 5 + 2
        bset	a0, a1, 63
        bset	t0, t0, 0
        bset	s1, a5, 5 + 2
# pseudo-instructions
        zext.w	a0, a1
        zext.w	t0, t0
        zext.b	a0, a1
        zext.b	s0, s0
# pause, and the neighbouring fences
        pause
        fence	w, w
        fence
        fence	w, r
# compressible neighbours stay compressed; the Zb forms never are
        add	a0, a0, a1
        add.uw	a0, a0, a1
        sext.b	a0, a0
        andi	a0, a0, 15
        .option norvc
        add	a0, a0, a1
        rev8	a0, a0
        .option rvc
loop:
        clz	a0, a1
        bnez	a0, loop
        ret
