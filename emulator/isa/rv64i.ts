/**
 * RV64I base integer instructions (unprivileged spec 20191213, chapters 2 and 5).
 * Each entry is the single description of one instruction: encoding, operand format
 * and a semantics template over split 64-bit registers (see docs/architecture.md).
 *
 * 64-bit arithmetic on (lo, hi) words: carries are detected with unsigned compares of
 * the low words; signed compares look at the high words first.
 *
 * `wasm` is the same instruction's WebAssembly semantics (emulator/wasm/alu.ts), over
 * native i64 registers; loads, stores, branches, jumps and auipc are 'codegen' (emitted
 * by emulator/wasm/codegen.ts, which probes the TLB or changes control flow).
 */
import { InsnFlag, type InsnDef, type WasmImpl } from './types';
import { TLB_SIZE } from '../hart/mmu';
import { Op } from '../wasm/emitter';
import { addiw, cmp, cmpi, lui, ri, rr, rsh, w32, w32sh } from '../wasm/alu';

/** Effective address rs1 + imm as a signed number. */
export const ADDR = '(xh[$rs1] * 4294967296 + (xl[$rs1] >>> 0) + $imm)';

/** rd = address of the next instruction (JAL/JALR link). */
const LINK = '{ const v = $npc; xl[$rd] = v | 0; xh[$rd] = Math.floor(v / 4294967296) | 0; }';

/** Write a 32-bit result sign-extended into rd. */
const setW = (expr: string): string => `{ const r = ${expr}; xl[$rd] = r; xh[$rd] = r >> 31; }`;

/** Signed and unsigned 64-bit "a < b" on registers a, b (template operand names). */
const lt = (a: string, b: string): string =>
  `(xh[${a}] < xh[${b}] || (xh[${a}] === xh[${b}] && (xl[${a}] >>> 0) < (xl[${b}] >>> 0)))`;
const ltu = (a: string, b: string): string =>
  `((xh[${a}] >>> 0) < (xh[${b}] >>> 0) || (xh[${a}] === xh[${b}] && (xl[${a}] >>> 0) < (xl[${b}] >>> 0)))`;
const eq = (a: string, b: string): string => `(xl[${a}] === xl[${b}] && xh[${a}] === xh[${b}])`;

const R = (name: string, f7: number, f3: number, exec: string, wasm: WasmImpl, op = 0x33): InsnDef =>
  ({ name, ext: 'I', match: (f7 << 25) | (f3 << 12) | op, mask: 0xfe00707f, fmt: 'R', flags: InsnFlag.None, exec, wasm });
const I = (name: string, f3: number, exec: string, wasm: WasmImpl, op = 0x13): InsnDef =>
  ({ name, ext: 'I', match: (f3 << 12) | op, mask: 0x707f, fmt: 'I', flags: InsnFlag.None, exec, wasm });
/** Shift by an immediate: 6-bit shamt (SH, funct6) or 5-bit (SHW, funct7). */
const SH = (name: string, match: number, fmt: 'SH' | 'SHW', exec: string, wasm: WasmImpl): InsnDef =>
  ({ name, ext: 'I', match, mask: fmt === 'SH' ? 0xfc00707f : 0xfe00707f, fmt, flags: 0, exec, wasm });
const branch = (name: string, f3: number, cond: string): InsnDef =>
  ({ name, ext: 'I', match: (f3 << 12) | 0x63, mask: 0x707f, fmt: 'B', flags: InsnFlag.EndsBlock,
    exec: `h.pc = ${cond} ? $pc + $imm : $npc;`, cond, wasm: 'codegen' });
/**
 * Inline software-TLB probe for a load or store of `size` bytes at address `a`
 * (see hart.ts): on a hit, `o` is the RAM offset. Generated code has the locals
 * tV (tlbVpn), tO (tlbOff), dv (DataView of RAM) and ram (Uint8Array) in scope.
 */
export const probe = (base: 'loadBase' | 'storeBase', size: number): string =>
  `const a = ${ADDR}, vp = Math.floor(a * 0.000244140625), ti = h.${base} + (vp & ${TLB_SIZE - 1});
   const hit = tV[ti] === vp${size > 1 ? ` && (a & 4095) <= ${4096 - size}` : ''}; const o = tO[ti] + (a & 4095);`;

/** Fast-path read expressions per load kind, and the hart slow-path method. */
const LOADS: Record<string, [number, string, string]> = {
  lb: [1, '(ram[o] << 24) >> 24', '(h.loadSlow(a, 1, $pc) << 24) >> 24'],
  lbu: [1, 'ram[o]', 'h.loadSlow(a, 1, $pc) & 255'],
  lh: [2, 'dv.getInt16(o, true)', '(h.loadSlow(a, 2, $pc) << 16) >> 16'],
  lhu: [2, 'dv.getUint16(o, true)', 'h.loadSlow(a, 2, $pc) & 65535'],
  lw: [4, 'dv.getInt32(o, true)', 'h.loadSlow(a, 4, $pc)'],
};

const load = (name: string, f3: number, kind: string, ext: string): InsnDef => {
  const exec = kind === 'ld'
    ? `{ ${probe('loadBase', 8)} let v; if (hit) { v = dv.getInt32(o, true); xh[$rd] = dv.getInt32(o + 4, true); }
         else { v = h.loadSlow(a, 8, $pc); xh[$rd] = h.ldHi; } xl[$rd] = v; }`
    : `{ ${probe('loadBase', LOADS[kind][0])} const v = hit ? ${LOADS[kind][1]} : ${LOADS[kind][2]}; ${ext} }`;
  return { name, ext: 'I', match: (f3 << 12) | 0x03, mask: 0x707f, fmt: 'L', flags: InsnFlag.Memory, exec, wasm: 'codegen' };
};

const STORES: Record<string, [number, string]> = {
  sb: [1, 'ram[o] = xl[$rs2];'],
  sh: [2, 'dv.setInt16(o, xl[$rs2], true);'],
  sw: [4, 'dv.setInt32(o, xl[$rs2], true);'],
  sd: [8, 'dv.setInt32(o, xl[$rs2], true); dv.setInt32(o + 4, xh[$rs2], true);'],
};

const store = (name: string, f3: number): InsnDef => {
  const [size, fast] = STORES[name];
  const exec = `{ ${probe('storeBase', size)} if (hit) { ${fast} } else h.storeSlow(a, ${size}, xl[$rs2], xh[$rs2], $pc); }`;
  return { name, ext: 'I', match: (f3 << 12) | 0x23, mask: 0x707f, fmt: 'S', flags: InsnFlag.Memory, exec, wasm: 'codegen' };
};

/** 64-bit shifts by a constant or register amount s (0..63) of register a into rd. */
const SLL = (s: string): string =>
  `{ const s = ${s}, l = xl[$rs1], hh = xh[$rs1];
     if (s === 0) { xl[$rd] = l; xh[$rd] = hh; }
     else if (s < 32) { xh[$rd] = (hh << s) | (l >>> (32 - s)); xl[$rd] = l << s; }
     else { xh[$rd] = l << (s - 32); xl[$rd] = 0; } }`;
const SRL = (s: string): string =>
  `{ const s = ${s}, l = xl[$rs1], hh = xh[$rs1];
     if (s === 0) { xl[$rd] = l; xh[$rd] = hh; }
     else if (s < 32) { xl[$rd] = (l >>> s) | (hh << (32 - s)); xh[$rd] = (hh >>> s) | 0; }
     else { xl[$rd] = (hh >>> (s - 32)) | 0; xh[$rd] = 0; } }`;
const SRA = (s: string): string =>
  `{ const s = ${s}, l = xl[$rs1], hh = xh[$rs1];
     if (s === 0) { xl[$rd] = l; xh[$rd] = hh; }
     else if (s < 32) { xl[$rd] = (l >>> s) | (hh << (32 - s)); xh[$rd] = hh >> s; }
     else { xl[$rd] = hh >> (s - 32); xh[$rd] = hh >> 31; } }`;

export const rv64i: InsnDef[] = [
  { name: 'lui', ext: 'I', match: 0x37, mask: 0x7f, fmt: 'U', flags: 0, exec: 'xl[$rd] = $imm; xh[$rd] = $immhi;', wasm: lui },
  { name: 'auipc', ext: 'I', match: 0x17, mask: 0x7f, fmt: 'U', flags: 0,
    exec: '{ const v = $pc + $imm; xl[$rd] = v | 0; xh[$rd] = Math.floor(v / 4294967296) | 0; }', wasm: 'codegen' },
  { name: 'jal', ext: 'I', match: 0x6f, mask: 0x7f, fmt: 'J', flags: InsnFlag.EndsBlock,
    exec: `${LINK} h.pc = $pc + $imm;`, link: LINK, wasm: 'codegen' },
  { name: 'jalr', ext: 'I', match: 0x67, mask: 0x707f, fmt: 'I', flags: InsnFlag.EndsBlock,
    exec: `{ const t = ${ADDR}; const v = $npc; xl[$rd] = v | 0; xh[$rd] = Math.floor(v / 4294967296) | 0; h.pc = t - (t & 1); }`, wasm: 'codegen' },
  branch('beq', 0, eq('$rs1', '$rs2')),
  branch('bne', 1, `!${eq('$rs1', '$rs2')}`),
  branch('blt', 4, lt('$rs1', '$rs2')),
  branch('bge', 5, `!${lt('$rs1', '$rs2')}`),
  branch('bltu', 6, ltu('$rs1', '$rs2')),
  branch('bgeu', 7, `!${ltu('$rs1', '$rs2')}`),
  load('lb', 0, 'lb', 'xl[$rd] = v; xh[$rd] = v >> 31;'),
  load('lh', 1, 'lh', 'xl[$rd] = v; xh[$rd] = v >> 31;'),
  load('lw', 2, 'lw', 'xl[$rd] = v; xh[$rd] = v >> 31;'),
  load('ld', 3, 'ld', 'xl[$rd] = v; xh[$rd] = h.ldHi;'),
  load('lbu', 4, 'lbu', 'xl[$rd] = v; xh[$rd] = 0;'),
  load('lhu', 5, 'lhu', 'xl[$rd] = v; xh[$rd] = 0;'),
  load('lwu', 6, 'lw', 'xl[$rd] = v; xh[$rd] = 0;'),
  store('sb', 0), store('sh', 1), store('sw', 2), store('sd', 3),
  I('addi', 0, '{ const l = xl[$rs1], r = (l + $imm) | 0; xh[$rd] = (xh[$rs1] + $immhi + ((r >>> 0) < (l >>> 0) ? 1 : 0)) | 0; xl[$rd] = r; }', ri(Op.i64_add)),
  I('slti', 2, `{ const a = xh[$rs1]; const r = a < $immhi || (a === $immhi && (xl[$rs1] >>> 0) < ($imm >>> 0)) ? 1 : 0; xl[$rd] = r; xh[$rd] = 0; }`, cmpi(Op.i64_lt_s)),
  I('sltiu', 3, `{ const a = xh[$rs1] >>> 0; const r = a < ($immhi >>> 0) || (a === ($immhi >>> 0) && (xl[$rs1] >>> 0) < ($imm >>> 0)) ? 1 : 0; xl[$rd] = r; xh[$rd] = 0; }`, cmpi(Op.i64_lt_u)),
  I('xori', 4, 'xh[$rd] = xh[$rs1] ^ $immhi; xl[$rd] = xl[$rs1] ^ $imm;', ri(Op.i64_xor)),
  I('ori', 6, 'xh[$rd] = xh[$rs1] | $immhi; xl[$rd] = xl[$rs1] | $imm;', ri(Op.i64_or)),
  I('andi', 7, 'xh[$rd] = xh[$rs1] & $immhi; xl[$rd] = xl[$rs1] & $imm;', ri(Op.i64_and)),
  SH('slli', 0x1013, 'SH', SLL('$shamt'), rsh(Op.i64_shl)),
  SH('srli', 0x5013, 'SH', SRL('$shamt'), rsh(Op.i64_shr_u)),
  SH('srai', 0x40005013, 'SH', SRA('$shamt'), rsh(Op.i64_shr_s)),
  R('add', 0, 0, '{ const l = xl[$rs1], r = (l + xl[$rs2]) | 0; xh[$rd] = (xh[$rs1] + xh[$rs2] + ((r >>> 0) < (l >>> 0) ? 1 : 0)) | 0; xl[$rd] = r; }', rr(Op.i64_add)),
  R('sub', 0x20, 0, '{ const l = xl[$rs1], m = xl[$rs2]; xh[$rd] = (xh[$rs1] - xh[$rs2] - ((l >>> 0) < (m >>> 0) ? 1 : 0)) | 0; xl[$rd] = (l - m) | 0; }', rr(Op.i64_sub)),
  R('sll', 0, 1, SLL('xl[$rs2] & 63'), rr(Op.i64_shl)),
  R('slt', 0, 2, `{ const r = ${lt('$rs1', '$rs2')} ? 1 : 0; xl[$rd] = r; xh[$rd] = 0; }`, cmp(Op.i64_lt_s)),
  R('sltu', 0, 3, `{ const r = ${ltu('$rs1', '$rs2')} ? 1 : 0; xl[$rd] = r; xh[$rd] = 0; }`, cmp(Op.i64_lt_u)),
  R('xor', 0, 4, 'xl[$rd] = xl[$rs1] ^ xl[$rs2]; xh[$rd] = xh[$rs1] ^ xh[$rs2];', rr(Op.i64_xor)),
  R('srl', 0, 5, SRL('xl[$rs2] & 63'), rr(Op.i64_shr_u)),
  R('sra', 0x20, 5, SRA('xl[$rs2] & 63'), rr(Op.i64_shr_s)),
  R('or', 0, 6, 'xl[$rd] = xl[$rs1] | xl[$rs2]; xh[$rd] = xh[$rs1] | xh[$rs2];', rr(Op.i64_or)),
  R('and', 0, 7, 'xl[$rd] = xl[$rs1] & xl[$rs2]; xh[$rd] = xh[$rs1] & xh[$rs2];', rr(Op.i64_and)),
  // RV64-only word instructions (chapter 5.2): operate on the low 32 bits, sign-extend.
  I('addiw', 0, setW('(xl[$rs1] + $imm) | 0'), addiw, 0x1b),
  SH('slliw', 0x101b, 'SHW', setW('xl[$rs1] << $shamt'), w32sh(Op.i32_shl)),
  SH('srliw', 0x501b, 'SHW', setW('(xl[$rs1] >>> $shamt) | 0'), w32sh(Op.i32_shr_u)),
  SH('sraiw', 0x4000501b, 'SHW', setW('xl[$rs1] >> $shamt'), w32sh(Op.i32_shr_s)),
  R('addw', 0, 0, setW('(xl[$rs1] + xl[$rs2]) | 0'), w32(Op.i32_add), 0x3b),
  R('subw', 0x20, 0, setW('(xl[$rs1] - xl[$rs2]) | 0'), w32(Op.i32_sub), 0x3b),
  R('sllw', 0, 1, setW('xl[$rs1] << (xl[$rs2] & 31)'), w32(Op.i32_shl), 0x3b),
  R('srlw', 0, 5, setW('(xl[$rs1] >>> (xl[$rs2] & 31)) | 0'), w32(Op.i32_shr_u), 0x3b),
  R('sraw', 0x20, 5, setW('xl[$rs1] >> (xl[$rs2] & 31)'), w32(Op.i32_shr_s), 0x3b),
];
