/**
 * Block compiler: turns a run of instructions (up to a control-flow change, a
 * serializing instruction, a page end or a length limit) into one JavaScript function
 * built from the instructions' `exec` templates with every field substituted as a
 * constant. The generated code is position-independent (pc = pc0 + offset), so a
 * block is keyed by physical address and identical code elsewhere reuses the function.
 *
 * A block whose last instruction is a conditional branch back to its own start becomes
 * a loop that runs up to h.loopLimit iterations before returning to the run loop.
 * Generated functions return the number of iterations executed; when an instruction
 * traps, h.pc holds its address and h.iter the iteration it was in.
 */
import type { InsnDef } from './types';
import { InsnFlag } from './types';
import { csr, funct3, immB, immI, immJ, immS, immU, rd, rs1, rs2, rs3, shamt5, shamt6 } from './fields';
import { expandCompressed } from './rvc';
import { allInsns, codegenLib, decode } from './tables';

/** Generated block body: returns iterations executed (1 for non-loop blocks). */
export type BlockFn = (h: unknown) => number;

/** One decoded instruction of a block. */
export interface BlockInsn {
  /** Byte offset from the block start. */
  off: number;
  len: 2 | 4;
  /** Original encoding (16-bit for compressed). */
  raw: number;
  /** 32-bit (expanded) encoding, -1 when illegal. */
  insn: number;
  def: InsnDef | undefined;
  /** A JAL whose target (in the same page) continues this block: only the link is written. */
  followed?: boolean;
}

const libNames = Object.keys(codegenLib);
const libValues = libNames.map((n) => codegenLib[n]);
const fnCache = new Map<string, BlockFn>();

export function immFor(def: InsnDef, i: number): number {
  switch (def.fmt) {
    case 'I': case 'L': case 'FL': return immI(i);
    case 'S': case 'FS': return immS(i);
    case 'B': return immB(i);
    case 'U': return immU(i);
    case 'J': return immJ(i);
    default: return 0;
  }
}

const lit = (n: number): string => (n < 0 ? `(${n})` : `${n}`);
const pcAt = (off: number): string => (off === 0 ? 'pg' : `(pg + ${off})`);

/** True while generating a region: $idx counts the instructions retired in the
 *  region so far (n) plus the index in the current block. */
let regionMode = false;

/** Substitute the template vocabulary of docs/architecture.md for one instruction. */
export function instantiate(template: string, bi: BlockInsn, idx: number): string {
  const i = bi.insn;
  const def = bi.def as InsnDef;
  const imm = immFor(def, i);
  const sh = def.fmt === 'SHW' ? shamt5(i) : shamt6(i);
  return template.replace(/\$([a-z0-9]+)/g, (m, name: string) => {
    switch (name) {
      case 'rd': return `${rd(i) === 0 ? 32 : rd(i)}`;
      case 'rs1': return `${rs1(i)}`;
      case 'rs2': return `${rs2(i)}`;
      case 'rs3': return `${rs3(i)}`;
      case 'frd': return `${rd(i)}`;
      case 'frs1': return `${rs1(i)}`;
      case 'frs2': return `${rs2(i)}`;
      case 'frs3': return `${rs3(i)}`;
      case 'imm': return lit(imm);
      case 'immhi': return imm < 0 ? '(-1)' : '0';
      case 'shamt': return `${sh}`;
      case 'csr': return `${csr(i)}`;
      case 'rm': return `${funct3(i)}`;
      case 'pc': return pcAt(bi.off);
      case 'npc': return pcAt(bi.off + bi.len);
      case 'insn': return `${bi.raw >>> 0}`;
      case 'len': return `${bi.len}`;
      case 'idx': return regionMode ? `(n + ${idx})` : `${idx}`;
      default: throw new Error(`unknown template variable ${m} in ${def.name}`);
    }
  });
}

/** Does the block so far hold an instruction at offset `off`? */
function decodedAt(insns: readonly BlockInsn[], off: number): boolean {
  for (let k = 0; k < insns.length; k++) if (insns[k].off === off) return true;
  return false;
}

/**
 * Decode a block from a halfword fetcher. fetch16(off) returns the halfword at byte
 * offset `off` from the block start, or -1 when it cannot be fetched (page end or
 * fault). Stops at maxLen instructions.
 */
export function decodeBlock(fetch16: (off: number) => number, maxLen: number, start = 0,
  stopAt?: (off: number) => boolean): BlockInsn[] {
  const out: BlockInsn[] = [];
  let off = start;
  while (out.length < maxLen) {
    // A breakpoint ends the block before its instruction (checked at instruction starts
    // only: another context's breakpoint may fall inside one of our instructions).
    if (off !== start && stopAt !== undefined && stopAt(off)) break;
    const lo = fetch16(off);
    if (lo < 0) break;
    let raw: number, insn: number, len: 2 | 4;
    if ((lo & 3) !== 3) {
      raw = lo; len = 2;
      insn = expandCompressed(lo);
    } else {
      const hi = fetch16(off + 2);
      if (hi < 0) break;
      raw = (lo | (hi << 16)) >>> 0; len = 4;
      insn = raw;
    }
    const def = insn < 0 ? undefined : decode(insn | 0);
    // Every field set here (followed too), so all BlockInsn objects share one shape.
    const bi: BlockInsn = { off, len, raw, insn, def, followed: false };
    out.push(bi);
    if (def?.link !== undefined && out.length + 1 < maxLen) {
      // Follow a direct jump that stays in the page: the block continues at the target.
      const target = off + immJ(insn);
      if (target >= 0 && target < 4096 && !decodedAt(out, target) && !(stopAt?.(target) ?? false) && fetch16(target) >= 0) {
        bi.followed = true;
        off = target;
        continue;
      }
    }
    off += len;
    if (def === undefined || (def.flags & InsnFlag.EndsBlock) !== 0) break;
    if ((def.flags & InsnFlag.Serializing) !== 0 && !isCsrRead(def, insn)) break;
  }
  // A followed JAL only writes its link: if decoding stopped right after it (the
  // target could not be fetched whole, e.g. a 4-byte instruction straddling the page
  // end, or the length limit), it must be the block's real jump that sets the pc.
  const last = out[out.length - 1];
  if (last?.followed === true) last.followed = false;
  return out;
}

/** CSRRS/CSRRC (and immediate forms) with rs1 = x0 only read a CSR: reads have no side
 *  effects here, so they need not end the block. */
function isCsrRead(def: InsnDef, insn: number): boolean {
  const f3 = funct3(insn);
  return (def.fmt === 'CSR' || def.fmt === 'CSRI') && rs1(insn) === 0 && (f3 & 3) >= 2;
}

/** Page-offset range [lo, hi) covered by decoded instructions. */
export function byteRange(insns: BlockInsn[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const x of insns) { lo = Math.min(lo, x.off); hi = Math.max(hi, x.off + x.len); }
  return [lo, hi];
}

/** Code for one instruction (including the pc store before instructions that may trap). */
function insnCode(bi: BlockInsn, idx: number): string {
  if (bi.def === undefined) return `h.pc = ${pcAt(bi.off)}; h.illegal(${bi.raw >>> 0});\n`;
  if (bi.followed === true) return instantiate(bi.def.link!, bi, idx) + '\n';
  const pre = (bi.def.flags & InsnFlag.MayTrap) !== 0 ? `h.pc = ${pcAt(bi.off)}; ` : '';
  // x0 always reads as zero (writes go to the sink, index 32): fold its reads.
  const code = instantiate(bi.def.exec, bi, idx).replace(/\bx[lh]\[0\]/g, '0');
  return REG_FILE_FMTS.has(bi.def.fmt) ? `${pre}/*SPILL*/ ${code} /*FILL*/\n` : `${pre}${code}\n`;
}

/** Formats whose helpers read or write h.xl/h.xh themselves (CSR, SFENCE, FP<->int). */
const REG_FILE_FMTS = new Set(['CSR', 'CSRI', 'SFENCE', 'FCVT_X_F', 'FCVT_F_X', 'FMV_X_F', 'FMV_F_X', 'FCMP']);

const REG_REF = /(?<![.\w])x([lh])\[(\d+)\]/g;

/**
 * Keep the integer registers a block uses in JS locals (l5/h5 for x5) instead of the
 * typed arrays: they are loaded once on entry and stored back before every return,
 * on exceptions, and around instructions whose helpers use the register file
 * (marked SPILL/FILL by insnCode).
 */
function cacheRegisters(body: string, wrapTry: boolean): string {
  const used = new Set<number>();
  for (const m of body.matchAll(REG_REF)) used.add(Number(m[2]));
  if (used.size === 0) return body.replace(/\/\*(SPILL|FILL)\*\//g, '');
  const regs = [...used].sort((a, b) => a - b);
  const real = regs.filter((r) => r !== 32);
  const decl = 'let ' + regs.map((r) => (r === 32 ? 'l32 = 0, h32 = 0' : `l${r} = xl[${r}], h${r} = xh[${r}]`)).join(', ') + ';\n';
  const spill = real.map((r) => `xl[${r}] = l${r}; xh[${r}] = h${r};`).join(' ') + ' ';
  const fill = real.map((r) => `l${r} = xl[${r}]; h${r} = xh[${r}];`).join(' ');
  let out = body.replace(REG_REF, (_m, w: string, r: string) => `${w === 'l' ? 'l' : 'h'}${r}`);
  out = out.replace(/\/\*SPILL\*\//g, spill).replace(/\/\*FILL\*\//g, fill);
  out = out.replace(/\breturn\b/g, `${spill}return`);
  out = out.replace(/\bthrow e;/g, `${spill}throw e;`);
  return decl + (wrapTry ? `try {\n${out}} catch (e) { ${spill}throw e; }\n` : out);
}

/** A decoded block inside a page: `start` is its page offset. */
export interface DecodedBlock {
  start: number;
  insns: BlockInsn[];
}

const HEAD = 'const pg = h.pc - (h.pc & 4095), xl = h.xl, xh = h.xh, f = h.f, fd = h.fd, fs = h.fs;\n' +
  'const tV = h.tlbVpn, tO = h.tlbOff, dv = h.view, ram = h.ram;\n';

/** Source of a single block: runs once, sets h.pc, returns its length. */
function singleSource(b: DecodedBlock): string {
  const insns = b.insns;
  const last = insns[insns.length - 1];
  let body = '';
  for (let k = 0; k < insns.length; k++) body += insnCode(insns[k], k);
  const ended = last.def !== undefined && (last.def.flags & InsnFlag.EndsBlock) !== 0;
  body += (ended ? '' : `h.pc = ${pcAt(last.off + last.len)};\n`) + `return ${insns.length};\n`;
  return HEAD + cacheRegisters(body, true);
}

/**
 * Source of a region: several blocks of one page in a `switch` inside a loop, so that
 * branches between them never return to the run loop. It runs until control leaves
 * the region or at least h.loopLimit instructions have retired, and returns the
 * number retired. On an exception it records h.iter (instructions retired before the
 * current block) and h.blockOff (the current block's page offset).
 */
function regionSource(blocks: DecodedBlock[]): string {
  regionMode = true;
  try {
    return regionBody(blocks);
  } finally {
    regionMode = false;
  }
}

function regionBody(blocks: DecodedBlock[]): string {
  const starts = new Set(blocks.map((b) => b.start));
  const go = (target: number, len: number): string => starts.has(target)
    ? `n += ${len}; off = ${target}; if (n >= lim) { h.pc = ${pcAt(target)}; return n; } continue L;`
    : `h.pc = ${pcAt(target)}; return n + ${len};`;
  let cases = '';
  for (const b of blocks) {
    const insns = b.insns;
    const len = insns.length;
    const last = insns[len - 1];
    const def = last.def;
    const endOff = last.off + last.len;
    let body = '';
    const plain = def !== undefined && (def.cond !== undefined || def.link !== undefined);
    for (let k = 0; k < (plain ? len - 1 : len); k++) body += insnCode(insns[k], k);
    let term: string;
    if (def !== undefined && def.cond !== undefined) {
      const target = last.off + immB(last.insn);
      term = `if (${instantiate(def.cond, last, len - 1)}) { ${go(target, len)} }\n${go(endOff, len)}`;
    } else if (def !== undefined && def.link !== undefined) {
      term = `${instantiate(def.link, last, len - 1)}\n${go(last.off + immJ(last.insn), len)}`;
    } else if (def !== undefined && (def.flags & InsnFlag.EndsBlock) !== 0) {
      term = `return n + ${len};`;
    } else if (def === undefined) {
      term = '';
    } else {
      term = go(endOff, len);
    }
    cases += `case ${b.start}: {\n${body}${term}\n}\n`;
  }
  return HEAD + 'const lim = h.loopLimit;\nlet off = h.pc & 4095, n = 0;\n' + cacheRegisters(
    `try {\nL: for (;;) {\nswitch (off) {\n${cases}default: h.pc = pg + off; return n;\n}\n}\n` +
    '} catch (e) { h.iter = n; h.blockOff = off; throw e; }\n', false);
}

function compileSource(src: string, name = 'block'): BlockFn {
  let fn = fnCache.get(src);
  if (fn === undefined) {
    const factory = new Function(...libNames, `return function ${name}(h) {\n${src}};`);
    fn = factory(...libValues) as BlockFn;
    fnCache.set(src, fn);
  }
  return fn;
}

/** Compile (or reuse) the function for one block. */
export function compileBlock(b: DecodedBlock): BlockFn {
  return compileSource(singleSource(b), `b${b.start.toString(16)}_${b.insns.length}`);
}

/** Compile a region (first block is the entry). */
export function compileRegion(blocks: DecodedBlock[]): BlockFn {
  return compileSource(regionSource(blocks), `r${blocks[0].start.toString(16)}_${blocks.length}`);
}

/** For tests and debugging: the generated source of a single block or a region. */
export function sourceOf(blocks: DecodedBlock[]): string {
  return blocks.length === 1 && !blocks[0].insns.some((i) => i.def?.cond !== undefined)
    ? singleSource(blocks[0]) : regionSource(blocks);
}

/** Number of distinct compiled functions (statistics). */
export function compiledFunctionCount(): number {
  return fnCache.size;
}

export { allInsns };
