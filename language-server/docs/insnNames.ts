/**
 * The name in words of every mnemonic of emulator/isa/tables.ts (e.g. `addi`: "add
 * immediate", `sd`: "store doubleword"), shown as the first line of the hover. Families
 * (AMOs, floating-point, hypervisor loads/stores) are named by rule; the rest are listed.
 * Pure data; test/lsp/insnNames.test.ts checks that no mnemonic is missing.
 */

const NAMES: Record<string, string> = {
  // RV64I
  lui: 'load upper immediate', auipc: 'add upper immediate to pc', jal: 'jump and link',
  jalr: 'jump and link register', beq: 'branch if equal', bne: 'branch if not equal',
  blt: 'branch if less than', bge: 'branch if greater than or equal', bltu: 'branch if less than, unsigned',
  bgeu: 'branch if greater than or equal, unsigned', lb: 'load byte', lh: 'load halfword', lw: 'load word',
  ld: 'load doubleword', lbu: 'load byte, unsigned', lhu: 'load halfword, unsigned', lwu: 'load word, unsigned',
  sb: 'store byte', sh: 'store halfword', sw: 'store word', sd: 'store doubleword', addi: 'add immediate',
  slti: 'set if less than immediate', sltiu: 'set if less than immediate, unsigned', xori: 'exclusive or immediate',
  ori: 'or immediate', andi: 'and immediate', slli: 'shift left logical immediate',
  srli: 'shift right logical immediate', srai: 'shift right arithmetic immediate', add: 'add', sub: 'subtract',
  sll: 'shift left logical', slt: 'set if less than', sltu: 'set if less than, unsigned', xor: 'exclusive or',
  srl: 'shift right logical', sra: 'shift right arithmetic', or: 'or', and: 'and', addiw: 'add word immediate',
  slliw: 'shift left logical word immediate', srliw: 'shift right logical word immediate',
  sraiw: 'shift right arithmetic word immediate', addw: 'add word', subw: 'subtract word',
  sllw: 'shift left logical word', srlw: 'shift right logical word', sraw: 'shift right arithmetic word',
  fence: 'memory fence', 'fence.i': 'instruction fence', ecall: 'environment call', ebreak: 'environment breakpoint',
  // M
  mul: 'multiply', mulh: 'multiply high, signed × signed', mulhsu: 'multiply high, signed × unsigned',
  mulhu: 'multiply high, unsigned × unsigned', div: 'divide', divu: 'divide, unsigned', rem: 'remainder',
  remu: 'remainder, unsigned', mulw: 'multiply word', divw: 'divide word', divuw: 'divide word, unsigned',
  remw: 'remainder word', remuw: 'remainder word, unsigned',
  // Zicsr
  csrrw: 'CSR read and write', csrrs: 'CSR read and set bits', csrrc: 'CSR read and clear bits',
  csrrwi: 'CSR read and write immediate', csrrsi: 'CSR read and set bits immediate',
  csrrci: 'CSR read and clear bits immediate',
  // Privileged
  sret: 'supervisor-mode trap return', mret: 'machine-mode trap return', wfi: 'wait for interrupt',
  'sfence.vma': 'supervisor fence for virtual memory', 'sinval.vma': 'supervisor invalidate virtual memory (Svinval)',
  'sfence.w.inval': 'supervisor fence: writes before invalidation (Svinval)',
  'sfence.inval.ir': 'supervisor fence: invalidation before implicit references (Svinval)',
  // Zicbo
  'cbo.inval': 'cache-block invalidate', 'cbo.clean': 'cache-block clean', 'cbo.flush': 'cache-block flush',
  'cbo.zero': 'cache-block zero',
  // Zba / Zbb / Zbc / Zbs
  'add.uw': 'add unsigned word', sh1add: 'shift left by 1 and add', sh2add: 'shift left by 2 and add',
  sh3add: 'shift left by 3 and add', 'sh1add.uw': 'shift unsigned word left by 1 and add',
  'sh2add.uw': 'shift unsigned word left by 2 and add', 'sh3add.uw': 'shift unsigned word left by 3 and add',
  'slli.uw': 'shift left logical unsigned word immediate', andn: 'and with inverted operand',
  orn: 'or with inverted operand', xnor: 'exclusive nor', clz: 'count leading zeros',
  ctz: 'count trailing zeros', cpop: 'count set bits (population count)', clzw: 'count leading zeros in word',
  ctzw: 'count trailing zeros in word', cpopw: 'count set bits in word', max: 'maximum', maxu: 'maximum, unsigned',
  min: 'minimum', minu: 'minimum, unsigned', 'sext.b': 'sign-extend byte', 'sext.h': 'sign-extend halfword',
  'zext.h': 'zero-extend halfword', rol: 'rotate left', ror: 'rotate right', rolw: 'rotate left word',
  rorw: 'rotate right word', rori: 'rotate right immediate', roriw: 'rotate right word immediate',
  'orc.b': 'or-combine bytes', rev8: 'byte-reverse register', clmul: 'carry-less multiply',
  clmulh: 'carry-less multiply high', clmulr: 'carry-less multiply reversed', bclr: 'clear bit',
  bclri: 'clear bit immediate', bext: 'extract bit', bexti: 'extract bit immediate', binv: 'invert bit',
  binvi: 'invert bit immediate', bset: 'set bit', bseti: 'set bit immediate',
  // Zicond / Zihintpause
  'czero.eqz': 'conditional zero if condition is zero', 'czero.nez': 'conditional zero if condition is non-zero',
  pause: 'pause hint (spin-wait)',
  // H
  'hfence.vvma': 'hypervisor fence for guest virtual memory (VS-stage)',
  'hfence.gvma': 'hypervisor fence for guest physical memory (G-stage)',
  'hinval.vvma': 'hypervisor invalidate guest virtual memory (Svinval)',
  'hinval.gvma': 'hypervisor invalidate guest physical memory (Svinval)',
  // Floating-point odds and ends
  'fmv.x.w': 'move single-precision bits to integer register', 'fmv.w.x': 'move integer bits to single-precision register',
  'fmv.x.d': 'move double-precision bits to integer register', 'fmv.d.x': 'move integer bits to double-precision register',
  flw: 'load single-precision float', fsw: 'store single-precision float', fld: 'load double-precision float',
  fsd: 'store double-precision float',
};

const WIDTH: Record<string, string> = { b: 'byte', h: 'halfword', w: 'word', d: 'doubleword' };
const FP: Record<string, string> = { s: 'single-precision', d: 'double-precision' };
const CVT: Record<string, string> = {
  w: 'signed word', wu: 'unsigned word', l: 'signed doubleword', lu: 'unsigned doubleword',
  s: 'single-precision', d: 'double-precision',
};
const AMO: Record<string, string> = {
  swap: 'swap', add: 'add', xor: 'exclusive or', and: 'and', or: 'or', min: 'minimum', max: 'maximum',
  minu: 'minimum unsigned', maxu: 'maximum unsigned',
};
const FOP: Record<string, string> = {
  fadd: 'add', fsub: 'subtract', fmul: 'multiply', fdiv: 'divide', fsqrt: 'square root', fmin: 'minimum',
  fmax: 'maximum', feq: 'compare equal', flt: 'compare less than', fle: 'compare less than or equal',
  fclass: 'classify', fmadd: 'fused multiply-add', fmsub: 'fused multiply-subtract',
  fnmsub: 'negated fused multiply-subtract', fnmadd: 'negated fused multiply-add', fsgnj: 'sign inject',
  fsgnjn: 'sign inject negated', fsgnjx: 'sign inject xor',
};

/** The mnemonic's name in words, or undefined when it is not known. */
export function insnName(mnemonic: string): string | undefined {
  const m = mnemonic.toLowerCase();
  const listed = NAMES[m];
  if (listed !== undefined) return listed;
  let r = /^(lr|sc)\.([wd])$/.exec(m);
  if (r !== null) return `${r[1] === 'lr' ? 'load reserved' : 'store conditional'} ${WIDTH[r[2]]}`;
  r = /^amo(\w+)\.([wd])$/.exec(m);
  if (r !== null && AMO[r[1]] !== undefined) return `atomic memory operation: ${AMO[r[1]]} ${WIDTH[r[2]]}`;
  r = /^fcvt\.(\w+)\.(\w+)$/.exec(m);
  if (r !== null && CVT[r[1]] !== undefined && CVT[r[2]] !== undefined) return `convert ${CVT[r[2]]} to ${CVT[r[1]]}`;
  r = /^(f\w+)\.([sd])$/.exec(m);
  if (r !== null && FOP[r[1]] !== undefined) return `floating-point ${FOP[r[1]]}, ${FP[r[2]]}`;
  r = /^hlv(x?)\.([bhwd])(u?)$/.exec(m);
  if (r !== null) {
    return `hypervisor virtual-machine load ${WIDTH[r[2]]}${r[3] === 'u' ? ', unsigned' : ''}${r[1] === 'x' ? ' (execute permission)' : ''}`;
  }
  r = /^hsv\.([bhwd])$/.exec(m);
  if (r !== null) return `hypervisor virtual-machine store ${WIDTH[r[1]]}`;
  return undefined;
}

/** Compressed-only and pseudo mnemonics (others are named after the instruction they compress). */
const EXTRA: Record<string, string> = {
  li: 'load immediate', la: 'load address', lla: 'load local address', mv: 'move', j: 'jump', jr: 'jump register',
  ret: 'return', call: 'call', tail: 'tail call', nop: 'no operation', not: 'bitwise not', neg: 'negate',
  negw: 'negate word', 'sext.w': 'sign-extend word', 'zext.b': 'zero-extend byte', 'zext.w': 'zero-extend word',
  seqz: 'set if equal to zero', snez: 'set if not equal to zero', sltz: 'set if less than zero',
  sgtz: 'set if greater than zero', beqz: 'branch if equal to zero', bnez: 'branch if not equal to zero',
  blez: 'branch if less than or equal to zero', bgez: 'branch if greater than or equal to zero',
  bltz: 'branch if less than zero', bgtz: 'branch if greater than zero', bgt: 'branch if greater than',
  ble: 'branch if less than or equal', bgtu: 'branch if greater than, unsigned',
  bleu: 'branch if less than or equal, unsigned', csrr: 'CSR read', csrw: 'CSR write', csrs: 'CSR set bits',
  csrc: 'CSR clear bits', csrwi: 'CSR write immediate', csrsi: 'CSR set bits immediate',
  csrci: 'CSR clear bits immediate', 'fmv.s': 'floating-point move, single-precision',
  'fmv.d': 'floating-point move, double-precision', 'fabs.s': 'floating-point absolute value, single-precision',
  'fabs.d': 'floating-point absolute value, double-precision', 'fneg.s': 'floating-point negate, single-precision',
  'fneg.d': 'floating-point negate, double-precision', rdcycle: 'read cycle counter', rdtime: 'read time',
  rdinstret: 'read instructions-retired counter', frcsr: 'read floating-point CSR', fscsr: 'write floating-point CSR',
  frrm: 'read rounding mode', fsrm: 'write rounding mode', frflags: 'read exception flags',
  fsflags: 'write exception flags', unimp: 'unimplemented (illegal instruction)',
  lwsp: 'load word, sp-relative', ldsp: 'load doubleword, sp-relative', swsp: 'store word, sp-relative',
  sdsp: 'store doubleword, sp-relative', fldsp: 'load double-precision float, sp-relative',
  fsdsp: 'store double-precision float, sp-relative', addi16sp: 'add immediate × 16 to sp',
  addi4spn: 'add immediate × 4 to sp, into rd′',
};

/** Name in words of any mnemonic the assembler accepts (real, compressed `c.*` or pseudo). */
export function mnemonicName(mnemonic: string): string | undefined {
  const m = mnemonic.toLowerCase();
  if (m.startsWith('c.')) {
    const base = m.slice(2);
    const n = insnName(base) ?? EXTRA[base];
    return n === undefined ? undefined : `compressed ${n}`;
  }
  return insnName(m) ?? EXTRA[m];
}
