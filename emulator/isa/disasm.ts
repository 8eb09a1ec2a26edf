/**
 * Disassembler and table-driven decoder over InsnDef tables.
 *
 * `buildDecoder` maps a 32-bit encoding to its InsnDef (shared with the block compiler);
 * `disassemble` renders one instruction in the syntax of GNU objdump `-M no-aliases`:
 * ABI register names (unprivileged spec 20191213 ch. 25 "RISC-V Assembly Programmer's
 * Handbook", table 25.1), decimal immediates, hexadecimal shift amounts / U-immediates, CSR names
 * (privileged spec 20211203 2.2 "CSR Listing"), fence sets as "iorw" letters, and the
 * rounding mode only when it is not dynamic (unprivileged spec 11.2, table 11.1).
 * Compressed halfwords are expanded by rvc.ts and printed with their compressed
 * mnemonic and operand shape. Branch/jump targets print as "0x<hex>" plus " <symbol>"
 * when a lookup function names the address (objdump prints the hex without "0x").
 */
import { InsnDef } from './types';
import { compressedName, expandCompressed } from './rvc';
import {
  csr, funct3, immB, immI, immJ, immS, pred, rd, rs1, rs2, rs3, shamt5, shamt6, succ,
} from './fields';

export interface Disassembly {
  /** Full text, e.g. "addi sp,sp,-16" (mnemonic, one space, comma-separated operands). */
  text: string;
  length: 2 | 4;
  /** Mnemonic ("c.addi", "addi"); "" for an unknown or reserved encoding. */
  name: string;
}

export type Decoder = (insn: number) => InsnDef | undefined;

export const xNames = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
export const fNames = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3',
  'fa4', 'fa5', 'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10',
  'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];
// Reserved modes 5 and 6 print as "unknown", like objdump.
const RM_NAMES = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'unknown', 'unknown', 'dyn'];

// ---------------------------------------------------------------------------------
// CSR names (privileged spec tables 2.2-2.6, plus debug/trigger, hypervisor, AIA,
// Smstateen, Sstc, Zkr and vector CSRs so listings of newer software read well).
// ---------------------------------------------------------------------------------

let csrTable: Map<number, string> | undefined;

function buildCsrTable(): Map<number, string> {
  const t = new Map<number, string>();
  const add = (base: number, names: string): void => {
    names.split(' ').forEach((n, i) => { if (n !== '-') t.set(base + i, n); });
  };
  const range = (base: number, from: number, to: number, fmt: (i: number) => string): void => {
    for (let i = from; i <= to; i++) t.set(base + i, fmt(i));
  };
  // Unprivileged: FP, vector, entropy source, counters.
  add(0x001, 'fflags frm fcsr');
  add(0x008, 'vstart vxsat vxrm - - - - vcsr');
  t.set(0x015, 'seed');
  add(0xc00, 'cycle time instret');
  range(0xc00, 3, 31, (i) => `hpmcounter${i}`);
  add(0xc80, 'cycleh timeh instreth');
  range(0xc80, 3, 31, (i) => `hpmcounter${i}h`);
  add(0xc20, 'vl vtype vlenb');
  // Supervisor.
  add(0x100, 'sstatus - - - sie stvec scounteren - - - senvcfg - sstateen0 sstateen1 sstateen2 sstateen3');
  t.set(0x114, 'sieh');
  add(0x140, 'sscratch sepc scause stval sip');
  t.set(0x14d, 'stimecmp'); t.set(0x15d, 'stimecmph');
  add(0x150, 'siselect sireg'); t.set(0x154, 'siph'); t.set(0x15c, 'stopei');
  t.set(0x180, 'satp'); t.set(0x5a8, 'scontext');
  t.set(0xda0, 'scountovf'); t.set(0xdb0, 'stopi');
  // Virtual supervisor (hypervisor extension).
  add(0x200, 'vsstatus - - - vsie vstvec'); t.set(0x214, 'vsieh');
  add(0x240, 'vsscratch vsepc vscause vstval vsip');
  t.set(0x24d, 'vstimecmp'); t.set(0x25d, 'vstimecmph');
  add(0x250, 'vsiselect vsireg'); t.set(0x254, 'vsiph'); t.set(0x25c, 'vstopei');
  t.set(0x280, 'vsatp'); t.set(0xeb0, 'vstopi');
  // Hypervisor.
  add(0x600, 'hstatus - hedeleg hideleg hie htimedelta hcounteren hgeie hvien hvictl henvcfg - hstateen0 hstateen1 hstateen2 hstateen3');
  add(0x613, 'hidelegh - htimedeltah - - hvienh - henvcfgh - hstateen0h hstateen1h hstateen2h hstateen3h');
  add(0x643, 'htval hip hvip hviprio1 hviprio2 - - htinst');
  add(0x655, 'hviph hviprio1h hviprio2h');
  t.set(0x680, 'hgatp'); t.set(0x6a8, 'hcontext'); t.set(0xe12, 'hgeip');
  // Machine.
  add(0xf11, 'mvendorid marchid mimpid mhartid mconfigptr');
  add(0x300, 'mstatus misa medeleg mideleg mie mtvec mcounteren - mvien mvip menvcfg - mstateen0 mstateen1 mstateen2 mstateen3');
  add(0x310, 'mstatush - - midelegh mieh - - - mvienh mviph menvcfgh - mstateen0h mstateen1h mstateen2h mstateen3h');
  t.set(0x320, 'mcountinhibit');
  range(0x320, 3, 31, (i) => `mhpmevent${i}`);
  range(0x720, 3, 31, (i) => `mhpmevent${i}h`);
  add(0x340, 'mscratch mepc mcause mtval mip');
  add(0x34a, 'mtinst mtval2');
  add(0x350, 'miselect mireg'); t.set(0x354, 'miph'); t.set(0x35c, 'mtopei'); t.set(0xfb0, 'mtopi');
  range(0x3a0, 0, 15, (i) => `pmpcfg${i}`);
  range(0x3b0, 0, 63, (i) => `pmpaddr${i}`);
  t.set(0x747, 'mseccfg'); t.set(0x757, 'mseccfgh');
  add(0xb00, 'mcycle - minstret');
  range(0xb00, 3, 31, (i) => `mhpmcounter${i}`);
  add(0xb80, 'mcycleh - minstreth');
  range(0xb80, 3, 31, (i) => `mhpmcounter${i}h`);
  // Debug / trigger module.
  add(0x7a0, 'tselect tdata1 tdata2 tdata3 tinfo tcontrol - - mcontext - mscontext');
  add(0x7b0, 'dcsr dpc dscratch0 dscratch1');
  return t;
}

/** Name of CSR number n, or "0x<hex>" when it has none (as objdump prints it). */
export function csrName(n: number): string {
  csrTable ??= buildCsrTable();
  return csrTable.get(n) ?? '0x' + n.toString(16);
}

/** Number of a CSR given its name (for the debugger's expression evaluator). */
export function csrNumber(name: string): number | undefined {
  csrTable ??= buildCsrTable();
  for (const [n, s] of csrTable) if (s === name) return n;
  return undefined;
}

// ---------------------------------------------------------------------------------
// Decoder
// ---------------------------------------------------------------------------------

/** Population count, used to try more specific masks first. */
function bits(m: number): number {
  let n = 0;
  for (m >>>= 0; m !== 0; m = (m & (m - 1)) >>> 0) n++;
  return n;
}

/**
 * Builds a decoder: the definitions are bucketed by opcode[6:0] and funct3 (1024
 * buckets; a definition whose mask leaves some of those bits free is placed in every
 * consistent bucket), each bucket ordered most-specific mask first, then scanned
 * linearly. match/mask are compared as int32, so literals above 0x7fffffff work.
 */
export function buildDecoder(defs: readonly InsnDef[]): Decoder {
  const buckets: InsnDef[][] = [];
  const sorted = [...defs].sort((a, b) => bits(b.mask) - bits(a.mask));
  for (let key = 0; key < 1024; key++) {
    const keyBits = (key & 0x7f) | ((key & 0x380) << 5); // opcode | funct3 << 12
    const list: InsnDef[] = [];
    for (const d of sorted) {
      const km = d.mask & 0x707f;
      if ((keyBits & km) === (d.match & km)) list.push(d);
    }
    buckets.push(list);
  }
  const masks = buckets.map((b) => Int32Array.from(b, (d) => d.mask | 0));
  const matches = buckets.map((b) => Int32Array.from(b, (d) => d.match | 0));
  return (insn: number): InsnDef | undefined => {
    const key = (insn & 0x7f) | ((insn >>> 5) & 0x380);
    const m = masks[key];
    const v = matches[key];
    for (let i = 0; i < m.length; i++) {
      if ((insn & m[i]) === v[i]) return buckets[key][i];
    }
    return undefined;
  };
}

const decoderCache = new WeakMap<readonly InsnDef[], Decoder>();

function decoderFor(defs: readonly InsnDef[]): Decoder {
  let d = decoderCache.get(defs);
  if (!d) { d = buildDecoder(defs); decoderCache.set(defs, d); }
  return d;
}

// ---------------------------------------------------------------------------------
// Operand formatting
// ---------------------------------------------------------------------------------

/** "0x<hex>" of a signed address number as its 64-bit two's complement pattern. */
export function hexAddress(addr: number): string {
  if (addr >= 0) return '0x' + addr.toString(16);
  const hi = Math.floor(addr / 4294967296);
  const lo = addr - hi * 4294967296;
  return '0x' + (hi >>> 0).toString(16) + (lo >>> 0).toString(16).padStart(8, '0');
}

function target(addr: number, lookupSymbol?: (addr: number) => string | undefined): string {
  const sym = lookupSymbol?.(addr);
  return sym ? `${hexAddress(addr)} <${sym}>` : hexAddress(addr);
}

function fenceSet(s: number): string {
  if (s === 0) return 'unknown';
  return (s & 8 ? 'i' : '') + (s & 4 ? 'o' : '') + (s & 2 ? 'r' : '') + (s & 1 ? 'w' : '');
}

/** Conversions that are always exact: objdump omits an rm of 0 (rne) for them too. */
const EXACT_CONVERSIONS = new Set(['fcvt.d.s', 'fcvt.d.w', 'fcvt.d.wu']);

function rmSuffix(name: string, insn: number): string {
  const r = funct3(insn);
  if (r === 7 || (r === 0 && EXACT_CONVERSIONS.has(name))) return '';
  return ',' + RM_NAMES[r];
}

/** aq/rl suffix for AMOs whose definition leaves bits 26/25 free. */
function orderSuffix(def: InsnDef, insn: number): string {
  if ((def.mask & 0x06000000) !== 0) return '';
  const aqrl = (insn >>> 25) & 3;
  return ['', '.rl', '.aq', '.aqrl'][aqrl];
}

function operands(def: InsnDef, insn: number, pc: number, sym?: (a: number) => string | undefined): string {
  const x = xNames, f = fNames;
  const d = rd(insn), s1 = rs1(insn), s2 = rs2(insn);
  switch (def.fmt) {
    case 'R': return `${x[d]},${x[s1]},${x[s2]}`;
    case 'R1': return `${x[d]},${x[s1]}`;
    case 'I':
      // objdump writes jalr like a load: "jalr ra,0(a5)".
      if (def.name === 'jalr') return `${x[d]},${immI(insn)}(${x[s1]})`;
      return `${x[d]},${x[s1]},${immI(insn)}`;
    case 'SH': return `${x[d]},${x[s1]},0x${shamt6(insn).toString(16)}`;
    case 'SHW': return `${x[d]},${x[s1]},0x${shamt5(insn).toString(16)}`;
    case 'L': return `${x[d]},${immI(insn)}(${x[s1]})`;
    case 'S': return `${x[s2]},${immS(insn)}(${x[s1]})`;
    case 'B': return `${x[s1]},${x[s2]},${target(pc + immB(insn), sym)}`;
    case 'U': return `${x[d]},0x${(insn >>> 12).toString(16)}`;
    case 'J': return `${x[d]},${target(pc + immJ(insn), sym)}`;
    case 'CSR': return `${x[d]},${csrName(csr(insn))},${x[s1]}`;
    case 'CSRI': return `${x[d]},${csrName(csr(insn))},${s1}`;
    case 'AMO': return `${x[d]},${x[s2]},(${x[s1]})`;
    case 'LR': case 'HLV': return `${x[d]},(${x[s1]})`;
    case 'HSV': return `${x[s2]},(${x[s1]})`;
    case 'NONE': return '';
    case 'FENCE': return `${fenceSet(pred(insn))},${fenceSet(succ(insn))}`;
    case 'SFENCE': return `${x[s1]},${x[s2]}`;
    case 'FR': return `${f[d]},${f[s1]},${f[s2]}${rmSuffix(def.name, insn)}`;
    case 'FR4': return `${f[d]},${f[s1]},${f[s2]},${f[rs3(insn)]}${rmSuffix(def.name, insn)}`;
    case 'FR1': return `${f[d]},${f[s1]}${rmSuffix(def.name, insn)}`;
    case 'FSGNJ': return `${f[d]},${f[s1]},${f[s2]}`;
    case 'FCMP': return `${x[d]},${f[s1]},${f[s2]}`;
    case 'FCVT_X_F': return `${x[d]},${f[s1]}${rmSuffix(def.name, insn)}`;
    case 'FCVT_F_X': return `${f[d]},${x[s1]}${rmSuffix(def.name, insn)}`;
    case 'FMV_X_F': return `${x[d]},${f[s1]}`;
    case 'FMV_F_X': return `${f[d]},${x[s1]}`;
    case 'FL': return `${f[d]},${immI(insn)}(${x[s1]})`;
    case 'FS': return `${f[s2]},${immS(insn)}(${x[s1]})`;
    case 'CBO': return `(${x[s1]})`;
    default: return '';
  }
}

/** Operands of a compressed instruction, taken from its 32-bit expansion `e`. */
function compressedOperands(name: string, e: number, pc: number, sym?: (a: number) => string | undefined): string {
  const x = xNames, f = fNames;
  const d = rd(e), s1 = rs1(e), s2 = rs2(e);
  switch (name) {
    case 'c.addi4spn': return `${x[d]},sp,${immI(e)}`;
    case 'c.fld': case 'c.fldsp': return `${f[d]},${immI(e)}(${x[s1]})`;
    case 'c.lw': case 'c.ld': case 'c.lwsp': case 'c.ldsp': return `${x[d]},${immI(e)}(${x[s1]})`;
    case 'c.fsd': case 'c.fsdsp': return `${f[s2]},${immS(e)}(${x[s1]})`;
    case 'c.sw': case 'c.sd': case 'c.swsp': case 'c.sdsp': return `${x[s2]},${immS(e)}(${x[s1]})`;
    case 'c.addi': case 'c.addiw': case 'c.li': case 'c.andi': case 'c.addi16sp':
      return `${x[d]},${immI(e)}`;
    case 'c.lui': return `${x[d]},0x${(e >>> 12).toString(16)}`;
    case 'c.slli': case 'c.srli': case 'c.srai': return `${x[d]},0x${shamt6(e).toString(16)}`;
    case 'c.slli64': case 'c.srli64': case 'c.srai64': return x[d];
    case 'c.j': return target(pc + immJ(e), sym);
    case 'c.beqz': case 'c.bnez': return `${x[s1]},${target(pc + immB(e), sym)}`;
    case 'c.jr': case 'c.jalr': return x[s1];
    case 'c.ebreak': return '';
    default: return `${x[d]},${x[s2]}`; // c.mv c.add c.sub c.xor c.or c.and c.subw c.addw
  }
}

/**
 * Disassembles the instruction whose first 32 bits (or 16, if compressed) are `insn`,
 * located at `pc` (signed address number). `defs` is the InsnDef table set (the decoder
 * built for it is cached per array). Unknown encodings print as ".4byte 0x..." /
 * ".2byte 0x..." like objdump.
 */
export function disassemble(
  insn: number,
  pc: number,
  defs: readonly InsnDef[],
  lookupSymbol?: (addr: number) => string | undefined,
): Disassembly {
  if ((insn & 3) !== 3) {
    const c = insn & 0xffff;
    const e = expandCompressed(c);
    if (e === -1) {
      if (c === 0) return { text: 'c.unimp', length: 2, name: 'c.unimp' };
      return { text: '.2byte 0x' + c.toString(16), length: 2, name: '' };
    }
    const name = compressedName(c);
    const ops = compressedOperands(name, e, pc, lookupSymbol);
    return { text: ops ? `${name} ${ops}` : name, length: 2, name };
  }
  // "unimp" is the canonical always-illegal encoding csrrw x0, cycle, x0 (spec 25.4).
  if ((insn | 0) === (0xc0001073 | 0)) return { text: 'unimp', length: 4, name: 'unimp' };
  const def = decoderFor(defs)(insn | 0);
  if (!def) return { text: '.4byte 0x' + (insn >>> 0).toString(16), length: 4, name: '' };
  // FENCE.TSO (spec 2.7: fm=1000, pred=succ=RW) is a FENCE variant without its own def.
  if (def.fmt === 'FENCE' && (insn | 0) === (0x8330000f | 0)) return { text: 'fence.tso', length: 4, name: 'fence.tso' };
  const name = def.name + (def.fmt === 'AMO' || def.fmt === 'LR' ? orderSuffix(def, insn) : '');
  const ops = operands(def, insn, pc, lookupSymbol);
  return { text: ops ? `${name} ${ops}` : name, length: 4, name };
}
