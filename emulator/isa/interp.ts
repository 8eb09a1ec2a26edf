/**
 * Tier 0 of the execution engine: runs a decoded block by calling one function per
 * instruction description, built once from the same `exec` templates as the block
 * compiler (codegen.ts) but with the operands as parameters instead of constants.
 * Cold code (boot paths, one-shot initialisation, single steps) therefore costs no
 * JavaScript compilation; blocks that keep running are compiled by engine.ts.
 */
import type { InsnDef } from './types';
import { InsnFlag } from './types';
import { csr, funct3, rd, rs1, rs2, rs3, shamt5, shamt6 } from './fields';
import { codegenLib } from './tables';
import { immFor, type BlockFn, type DecodedBlock } from './codegen';

type InterpFn = (h: InterpHart, rd: number, frd: number, rs1: number, rs2: number, rs3: number,
  imm: number, immhi: number, shamt: number, csr: number, rm: number, off: number, len: number,
  insn: number, idx: number) => void;

/** What tier 0 needs of the hart besides what the templates use. */
interface InterpHart {
  pc: number;
  /** Virtual address of the current block's page (set by the tier-0 block runner). */
  blockPg: number;
  illegal(insn: number): never;
}

const PARAMS: Record<string, string> = {
  rd: 'rd', frd: 'frd', rs1: 'rs1', rs2: 'rs2', rs3: 'rs3', frs1: 'rs1', frs2: 'rs2', frs3: 'rs3',
  imm: 'imm', immhi: 'immhi', shamt: 'shamt', csr: 'csr', rm: 'rm', insn: 'insn', len: 'len', idx: 'idx',
  pc: '(h.blockPg + off)', npc: '(h.blockPg + off + len)',
};

const libNames = Object.keys(codegenLib);
const libValues = libNames.map((n) => codegenLib[n]);
const fnCache = new Map<string, InterpFn>();
/** Per definition object (not per name: markers share `slli`), so a block's decode does
 * not build a string key per instruction. */
const execByDef = new WeakMap<InsnDef, InterpFn>();
const linkByDef = new WeakMap<InsnDef, InterpFn>();

function interpFnFor(def: InsnDef, link: boolean): InterpFn {
  const byDef = link ? linkByDef : execByDef;
  let fn = byDef.get(def);
  if (fn === undefined) {
    fn = link ? interpFn(def, def.link!, 'link') : interpFn(def, def.exec, 'exec');
    byDef.set(def, fn);
  }
  return fn;
}

function interpFn(def: InsnDef, template: string, kind: string): InterpFn {
  // Keyed by the template, not the name: two definitions may share a name (the
  // measurement markers are `slli` with rd = rs1 = x0, isa/markers.ts).
  const key = `${kind}:${template}`;
  let fn = fnCache.get(key);
  if (fn === undefined) {
    const body = template.replace(/\$([a-z0-9]+)/g, (m, name: string) => {
      const p = PARAMS[name];
      if (p === undefined) throw new Error(`unknown template variable ${m} in ${def.name}`);
      return p;
    });
    const factory = new Function(...libNames,
      'return function interp(h, rd, frd, rs1, rs2, rs3, imm, immhi, shamt, csr, rm, off, len, insn, idx) {\n' +
      'const xl = h.xl, xh = h.xh, f = h.f, fd = h.fd, fs = h.fs, tV = h.tlbVpn, tO = h.tlbOff, dv = h.view, ram = h.ram;\n' +
      `${body}\n};`);
    fn = factory(...libValues) as InterpFn;
    fnCache.set(key, fn);
  }
  return fn;
}

/** Operand fields per instruction, in this order. */
const F_RD = 0, F_FRD = 1, F_RS1 = 2, F_RS2 = 3, F_RS3 = 4, F_IMM = 5, F_IMMHI = 6, F_SHAMT = 7,
  F_CSR = 8, F_RM = 9, F_OFF = 10, F_LEN = 11, F_INSN = 12, STRIDE = 13;

/** Interprets the first `lim` instructions of a block (all when lim is omitted). */
export type InterpBlockFn = (h: unknown, lim?: number) => number;

/** A function that interprets block b (same contract as a compiled block); given a
 *  limit below the block's length it runs only that prefix and leaves the pc at the
 *  next instruction (a prefix never contains the block's ending instruction). */
export function interpretBlock(b: DecodedBlock): InterpBlockFn & BlockFn {
  const insns = b.insns;
  const n = insns.length;
  const ops = new Int32Array(n * STRIDE);
  const fns: (InterpFn | null)[] = [];
  for (let k = 0; k < n; k++) {
    const bi = insns[k];
    const o = k * STRIDE;
    const i = bi.insn;
    ops[o + F_OFF] = bi.off; ops[o + F_LEN] = bi.len; ops[o + F_INSN] = bi.raw | 0;
    const def = bi.def;
    if (def === undefined) { fns.push(null); continue; }
    const imm = immFor(def, i);
    ops[o + F_RD] = rd(i) === 0 ? 32 : rd(i); ops[o + F_FRD] = rd(i);
    ops[o + F_RS1] = rs1(i); ops[o + F_RS2] = rs2(i); ops[o + F_RS3] = rs3(i);
    ops[o + F_IMM] = imm; ops[o + F_IMMHI] = imm < 0 ? -1 : 0;
    ops[o + F_SHAMT] = def.fmt === 'SHW' ? shamt5(i) : shamt6(i);
    ops[o + F_CSR] = csr(i); ops[o + F_RM] = funct3(i);
    fns.push(interpFnFor(def, bi.followed === true));
  }
  const last = insns[n - 1];
  const ended = last.def !== undefined && (last.def.flags & InsnFlag.EndsBlock) !== 0;
  const endOff = last.off + last.len;
  return (hh: unknown, lim?: number): number => {
    const h = hh as InterpHart;
    const pg = h.pc - (h.pc & 4095);
    h.blockPg = pg;
    const m = lim === undefined || lim >= n ? n : lim;
    for (let k = 0; k < m; k++) {
      const o = k * STRIDE;
      h.pc = pg + ops[o + F_OFF];
      const fn = fns[k];
      if (fn === null) h.illegal(ops[o + F_INSN]);
      else {
        fn(h, ops[o + F_RD], ops[o + F_FRD], ops[o + F_RS1], ops[o + F_RS2], ops[o + F_RS3], ops[o + F_IMM],
          ops[o + F_IMMHI], ops[o + F_SHAMT], ops[o + F_CSR], ops[o + F_RM], ops[o + F_OFF], ops[o + F_LEN],
          ops[o + F_INSN], k);
      }
    }
    if (m < n) { h.pc = pg + ops[m * STRIDE + F_OFF]; return m; }
    if (!ended) h.pc = pg + endOff;
    return n;
  };
}
