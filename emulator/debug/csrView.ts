/**
 * CSRs for the debugger (the CSRs scope of the Variables view and `evaluate`): the
 * groups of CSRs this emulator implements, side-effect-free reads and consistent
 * writes by name, and field decoding/editing for the UI.
 *
 * The debugger acts as M-mode: privilege checks are bypassed by running csr.ts's
 * csrRead/csrWrite with h.priv temporarily set to M (contexts and interrupts are
 * recomputed after restoring it). Unimplemented CSRs raise the hart's TrapSignal inside
 * csr.ts; it is caught here and never reaches the guest. FP CSRs are accessed directly
 * (csr.ts's path would require mstatus.FS != Off and mark FS Dirty on a mere read).
 * Field layouts follow priv spec 1.12 (mstatus 3.1.6, mip/mie 3.1.9, mcause 3.1.15,
 * satp 4.1.11, pmpcfg 3.7.1, menvcfg 3.1.18) and the F extension (fcsr, unpriv 11.2).
 */
import type { Hart } from '../hart/hart';
import { Csr, MStatus, Priv } from '../hart/csrNumbers';
import { csrRead, csrWrite } from '../hart/csr';
import { withHostView } from '../hart/hyp';
import { recomputeInterrupts } from '../hart/interrupts';
import { PMP_ENTRIES } from '../hart/pmp';
import { TrapSignal, causeName } from '../hart/trap';
import { csrName, csrNumber } from '../isa/disasm';

export type CsrGroupName = 'Machine' | 'Supervisor' | 'Hypervisor' | 'Virtual supervisor' | 'User/FP' | 'Counters' | 'PMP';

const pmpAddrs = Array.from({ length: PMP_ENTRIES }, (_, i) => `pmpaddr${i}`);
const pmpCfgs = Array.from({ length: PMP_ENTRIES / 8 }, (_, i) => `pmpcfg${2 * i}`);

/** CSRs shown by the debugger, by group (only CSRs csr.ts implements). */
export const CSR_GROUPS: { name: CsrGroupName; csrs: string[] }[] = [
  {
    name: 'Machine',
    csrs: ['mstatus', 'misa', 'medeleg', 'mideleg', 'mie', 'mip', 'mtvec', 'mcounteren',
      'mcountinhibit', 'menvcfg', 'mscratch', 'mepc', 'mcause', 'mtval', 'mtval2', 'mtinst',
      'mhartid', 'mvendorid', 'marchid', 'mimpid', 'mconfigptr'],
  },
  {
    name: 'Supervisor',
    csrs: ['sstatus', 'sie', 'sip', 'stvec', 'scounteren', 'senvcfg', 'sscratch', 'sepc',
      'scause', 'stval', 'satp', 'stimecmp'],
  },
  {
    name: 'Hypervisor',
    csrs: ['hstatus', 'hedeleg', 'hideleg', 'hie', 'hip', 'hvip', 'hgeie', 'hgeip', 'hcounteren',
      'henvcfg', 'htimedelta', 'htval', 'htinst', 'hgatp'],
  },
  {
    name: 'Virtual supervisor',
    csrs: ['vsstatus', 'vsie', 'vsip', 'vstvec', 'vsscratch', 'vsepc', 'vscause', 'vstval', 'vsatp',
      'vstimecmp'],
  },
  { name: 'User/FP', csrs: ['fflags', 'frm', 'fcsr'] },
  { name: 'Counters', csrs: ['cycle', 'time', 'instret', 'mcycle', 'minstret'] },
  { name: 'PMP', csrs: [...pmpCfgs, ...pmpAddrs] },
];

const M64 = (1n << 64n) - 1n;

/** CSR number for a name ('mstatus') or a number text ('0x300', '768'). */
function resolve(name: string): number | undefined {
  const n = csrNumber(name.trim().toLowerCase());
  if (n !== undefined) return n;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(name.trim())) {
    const v = Number(name.trim());
    if (v >= 0 && v < 4096) return v;
  }
  return undefined;
}

/** Run f as if the hart were in M-mode; false/undefined if it raised (unimplemented CSR). */
function asMachine<T>(h: Hart, f: () => T): T | undefined {
  const priv = h.priv, virt = h.virt;
  const cause = h.signal.cause, tval = h.signal.tval;
  h.priv = Priv.M;
  try {
    // With V=1 the debugger sees the architectural (HS) layout of the CSRs.
    return withHostView(h, f);
  } catch (e) {
    if (e instanceof TrapSignal) return undefined;
    throw e;
  } finally {
    h.signal.cause = cause; h.signal.tval = tval;
    if (h.priv !== priv || virt !== 0) {
      h.priv = priv;
      h.updateContexts(); // writeMstatus may have computed contexts for M
      recomputeInterrupts(h);
    }
  }
}

function readNumber(h: Hart, csr: number): bigint | undefined {
  switch (csr) {
    case Csr.fflags: return BigInt(h.fflags);
    case Csr.frm: return BigInt(h.frm);
    case Csr.fcsr: return BigInt((h.frm << 5) | h.fflags);
  }
  return asMachine(h, () => {
    const lo = csrRead(h, csr, 0, 0);
    return (BigInt(h.tmpHi >>> 0) << 32n) | BigInt(lo >>> 0);
  });
}

/** Read a CSR by name as the debugger sees it (as M-mode, no side effects); undefined if absent. */
export function readCsrByName(h: Hart, name: string): bigint | undefined {
  const csr = resolve(name);
  return csr === undefined ? undefined : readNumber(h, csr);
}

/**
 * Write a CSR by name (as M-mode). False for unknown or read-only CSRs. WARL fields
 * keep their legal values (a write may be partly ignored, as on hardware).
 */
export function writeCsrByName(h: Hart, name: string, value: bigint): boolean {
  const csr = resolve(name);
  if (csr === undefined || (csr >>> 10) === 3) return false; // read-only space (2.1)
  value &= M64;
  const lo = Number(value & 0xffffffffn) | 0, hi = Number(value >> 32n) | 0;
  switch (csr) {
    // Direct FP access; a write makes the FP state Dirty unless FP is Off (3.1.6.6).
    case Csr.fflags: h.fflags = lo & 0x1f; markFpDirty(h); return true;
    case Csr.frm: h.frm = lo & 7; markFpDirty(h); return true;
    case Csr.fcsr: h.fflags = lo & 0x1f; h.frm = (lo >>> 5) & 7; markFpDirty(h); return true;
  }
  // Check existence first as csrInsn does (csrWrite alone accepts e.g. odd pmpcfg numbers).
  if (readNumber(h, csr) === undefined) return false;
  // mcycle/minstret: csr.ts adds one for the writing instruction; a debugger write is
  // not an instruction, so idx = -1 makes the value read back exactly.
  const idx = csr === Csr.mcycle || csr === Csr.minstret ? -1 : 0;
  return asMachine(h, () => { csrWrite(h, csr, lo, hi, idx, 0); return true; }) ?? false;
}

function markFpDirty(h: Hart): void {
  if ((h.mstatus & MStatus.FS) !== 0) h.mstatus |= MStatus.FS;
}

// ------------------------------------------------------------------ field decoding

interface Field {
  name: string;
  lo: number;
  width: number;
  /** Display names by value (enumerations). */
  names?: readonly string[];
  /** Display as hex (addresses, PPNs). */
  hex?: boolean;
  /** Custom display/parse (misa extensions, cause names). */
  show?: (v: bigint, whole: bigint) => string;
  parse?: (s: string, whole: bigint) => bigint | undefined;
  /** Value is stored shifted: BASE of xtvec is the address with the low bits cleared. */
  addr?: boolean;
}

const bit = (name: string, lo: number): Field => ({ name, lo, width: 1 });
const EXT_STATUS = ['Off', 'Initial', 'Clean', 'Dirty'];
const XLEN = ['-', '32', '64', '128'];
const PRIV_NAMES = ['U', 'S', 'reserved', 'M'];

const MSTATUS_FIELDS: Field[] = [
  bit('SIE', 1), bit('MIE', 3), bit('SPIE', 5), bit('UBE', 6), bit('MPIE', 7),
  { name: 'SPP', lo: 8, width: 1, names: ['U', 'S'] },
  { name: 'VS', lo: 9, width: 2, names: EXT_STATUS },
  { name: 'MPP', lo: 11, width: 2, names: PRIV_NAMES },
  { name: 'FS', lo: 13, width: 2, names: EXT_STATUS },
  { name: 'XS', lo: 15, width: 2, names: EXT_STATUS },
  bit('MPRV', 17), bit('SUM', 18), bit('MXR', 19), bit('TVM', 20), bit('TW', 21), bit('TSR', 22),
  { name: 'UXL', lo: 32, width: 2, names: XLEN },
  { name: 'SXL', lo: 34, width: 2, names: XLEN },
  bit('GVA', 38), bit('MPV', 39),
  bit('SD', 63),
];
/** hstatus (priv spec 20211203, 8.2.1). */
const HSTATUS_FIELDS: Field[] = [
  bit('VSBE', 5), bit('GVA', 6), bit('SPV', 7),
  { name: 'SPVP', lo: 8, width: 1, names: ['U', 'S'] },
  bit('HU', 9), { name: 'VGEIN', lo: 12, width: 6 }, bit('VTVM', 20), bit('VTW', 21), bit('VTSR', 22),
  { name: 'VSXL', lo: 32, width: 2, names: XLEN },
];
const SSTATUS_NAMES = new Set(['SIE', 'SPIE', 'UBE', 'SPP', 'VS', 'FS', 'XS', 'SUM', 'MXR', 'UXL', 'SD']);
const SSTATUS_FIELDS = MSTATUS_FIELDS.filter((f) => SSTATUS_NAMES.has(f.name));

const irqFields = (suffix: 'IE' | 'IP', sOnly: boolean): Field[] => {
  const all: [string, number][] = [['SS', 1], ['VSS', 2], ['MS', 3], ['ST', 5], ['VST', 6], ['MT', 7],
    ['SE', 9], ['VSE', 10], ['ME', 11], ['SGE', 12]];
  return all.filter(([n]) => !sOnly || (n[0] === 'S' && n !== 'SGE')).map(([n, b]) => bit(n + suffix, b));
};
/** hie/hip/hvip: the VS-level bits (and SGEI). */
const hIrqFields = (suffix: 'IE' | 'IP'): Field[] =>
  [bit('VSS' + suffix, 2), bit('VST' + suffix, 6), bit('VSE' + suffix, 10), bit('SGE' + suffix, 12)];

/** Cause code names (capitalised causeName). */
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
function causeText(code: bigint, interrupt: boolean): string {
  return capital(causeName(Number(code & 0xffffn), interrupt));
}
function parseCause(s: string): bigint | undefined {
  const want = s.trim().toLowerCase();
  for (let c = 0; c < 64; c++) {
    for (const intr of [false, true]) {
      if (causeName(c, intr).toLowerCase() === want) return (intr ? 1n << 63n : 0n) | BigInt(c);
    }
  }
  return undefined;
}
const CAUSE_FIELDS: Field[] = [
  bit('Interrupt', 63),
  { name: 'Code', lo: 0, width: 63 },
  {
    // Display of the whole cause; editing it sets both Interrupt and Code.
    name: 'Cause', lo: 0, width: 64,
    show: (v) => causeText(v & ((1n << 63n) - 1n), (v >> 63n) !== 0n),
    parse: parseCause,
  },
];

const TVEC_FIELDS: Field[] = [
  { name: 'BASE', lo: 2, width: 62, hex: true, addr: true },
  { name: 'MODE', lo: 0, width: 2, names: ['Direct', 'Vectored', 'reserved', 'reserved'] },
];

const SATP_MODES: Record<number, string> = { 0: 'Bare', 8: 'Sv39', 9: 'Sv48', 10: 'Sv57', 11: 'Sv64' };
const HGATP_MODES: Record<number, string> = { 0: 'Bare', 8: 'Sv39x4', 9: 'Sv48x4', 10: 'Sv57x4' };
const HGATP_FIELDS: Field[] = [
  {
    name: 'MODE', lo: 60, width: 4,
    show: (v) => HGATP_MODES[Number(v)] ?? String(v),
    parse: (s) => {
      for (const [k, n] of Object.entries(HGATP_MODES)) if (n.toLowerCase() === s.trim().toLowerCase()) return BigInt(k);
      return undefined;
    },
  },
  { name: 'VMID', lo: 44, width: 14 },
  { name: 'PPN', lo: 0, width: 44, hex: true },
];
const SATP_FIELDS: Field[] = [
  {
    name: 'MODE', lo: 60, width: 4,
    show: (v) => SATP_MODES[Number(v)] ?? String(v),
    parse: (s) => {
      for (const [k, n] of Object.entries(SATP_MODES)) if (n.toLowerCase() === s.trim().toLowerCase()) return BigInt(k);
      return undefined;
    },
  },
  { name: 'ASID', lo: 44, width: 16 },
  { name: 'PPN', lo: 0, width: 44, hex: true },
];

/** Canonical ISA-string order of extension letters, then the rest alphabetically. */
const EXT_ORDER = 'IEMAFDQLCBKJTPVHSUN' + 'GORWXYZ';
const MISA_FIELDS: Field[] = [
  { name: 'MXL', lo: 62, width: 2, names: XLEN },
  {
    name: 'Extensions', lo: 0, width: 26,
    show: (v) => {
      let s = '';
      for (const c of EXT_ORDER) if ((v >> BigInt(c.charCodeAt(0) - 65)) & 1n) s += c;
      return s;
    },
    parse: (s) => {
      let v = 0n;
      for (const c of s.trim().toUpperCase()) {
        if (c < 'A' || c > 'Z') return undefined;
        v |= 1n << BigInt(c.charCodeAt(0) - 65);
      }
      return v;
    },
  },
];

/** medeleg: one bit per delegable exception (csr.ts MEDELEG_MASK = 0xf0b7ff); hedeleg
 *  the subset hyp.ts allows (0xb1ff). mideleg/hideleg: S-level and VS-level interrupts. */
const MEDELEG_FIELDS: Field[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 20, 21, 22, 23]
  .map((c) => bit(capital(causeName(c)), c));
const HEDELEG_FIELDS: Field[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 15].map((c) => bit(capital(causeName(c)), c));
const MIDELEG_FIELDS: Field[] = [1, 2, 5, 6, 9, 10].map((c) => bit(capital(causeName(c, true)), c));
const HIDELEG_FIELDS: Field[] = [2, 6, 10].map((c) => bit(capital(causeName(c, true)), c));

const FFLAGS_FIELDS: Field[] = [bit('NV', 4), bit('DZ', 3), bit('OF', 2), bit('UF', 1), bit('NX', 0)];
const RM_NAMES = ['RNE', 'RTZ', 'RDN', 'RUP', 'RMM', 'reserved', 'reserved', 'DYN'];
const FCSR_FIELDS: Field[] = [...FFLAGS_FIELDS, { name: 'FRM', lo: 5, width: 3, names: RM_NAMES }];
const FRM_FIELDS: Field[] = [{ name: 'FRM', lo: 0, width: 3, names: RM_NAMES }];

const CBIE = ['Illegal', 'Flush', 'reserved', 'Invalidate'];
const SENVCFG_FIELDS: Field[] = [bit('FIOM', 0), { name: 'CBIE', lo: 4, width: 2, names: CBIE }, bit('CBCFE', 6), bit('CBZE', 7)];
const MENVCFG_FIELDS: Field[] = [...SENVCFG_FIELDS, bit('ADUE', 61), bit('PBMTE', 62), bit('STCE', 63)];
const COUNTEREN_FIELDS: Field[] = [bit('CY', 0), bit('TM', 1), bit('IR', 2)];
const COUNTINHIBIT_FIELDS: Field[] = [bit('CY', 0), bit('IR', 2)];

const PMP_A = ['OFF', 'TOR', 'NA4', 'NAPOT'];
function pmpcfgFields(first: number): Field[] {
  const out: Field[] = [];
  for (let k = 0; k < 8; k++) {
    const b = 8 * k, p = `pmp${first + k}`;
    out.push(bit(`${p}.R`, b), bit(`${p}.W`, b + 1), bit(`${p}.X`, b + 2),
      { name: `${p}.A`, lo: b + 3, width: 2, names: PMP_A }, bit(`${p}.L`, b + 7));
  }
  return out;
}

const TABLES = new Map<string, Field[]>([
  ['mstatus', MSTATUS_FIELDS], ['sstatus', SSTATUS_FIELDS],
  ['mie', irqFields('IE', false)], ['mip', irqFields('IP', false)],
  ['sie', irqFields('IE', true)], ['sip', irqFields('IP', true)],
  ['mcause', CAUSE_FIELDS], ['scause', CAUSE_FIELDS],
  ['mtvec', TVEC_FIELDS], ['stvec', TVEC_FIELDS],
  ['satp', SATP_FIELDS], ['misa', MISA_FIELDS],
  ['medeleg', MEDELEG_FIELDS], ['mideleg', MIDELEG_FIELDS],
  ['fflags', FFLAGS_FIELDS], ['fcsr', FCSR_FIELDS], ['frm', FRM_FIELDS],
  ['menvcfg', MENVCFG_FIELDS], ['senvcfg', SENVCFG_FIELDS],
  ['mcounteren', COUNTEREN_FIELDS], ['scounteren', COUNTEREN_FIELDS],
  ['mcountinhibit', COUNTINHIBIT_FIELDS],
  ['hstatus', HSTATUS_FIELDS], ['hgatp', HGATP_FIELDS], ['vsatp', SATP_FIELDS],
  ['vsstatus', SSTATUS_FIELDS], ['vstvec', TVEC_FIELDS], ['vscause', CAUSE_FIELDS],
  ['vsie', irqFields('IE', true)], ['vsip', irqFields('IP', true)],
  ['hie', hIrqFields('IE')], ['hip', hIrqFields('IP')], ['hvip', hIrqFields('IP')],
  ['hedeleg', HEDELEG_FIELDS], ['hideleg', HIDELEG_FIELDS],
  ['henvcfg', MENVCFG_FIELDS], ['hcounteren', COUNTEREN_FIELDS],
]);
for (let i = 0; i < PMP_ENTRIES / 4; i += 2) TABLES.set(`pmpcfg${i}`, pmpcfgFields(i * 4));

function fieldsOf(name: string): Field[] {
  const n = name.trim().toLowerCase();
  const direct = TABLES.get(n);
  if (direct !== undefined) return direct;
  const num = resolve(n);
  return num === undefined ? [] : TABLES.get(csrName(num)) ?? [];
}

const mask = (f: Field): bigint => (1n << BigInt(f.width)) - 1n;
const get = (f: Field, v: bigint): bigint => (v >> BigInt(f.lo)) & mask(f);

function showField(f: Field, v: bigint, whole: bigint): string {
  if (f.show !== undefined) return f.show(v, whole);
  if (f.names !== undefined) return f.names[Number(v)] ?? String(v);
  if (f.addr === true) return '0x' + (v << BigInt(f.lo)).toString(16);
  if (f.hex === true) return '0x' + v.toString(16);
  return v.toString();
}

/** Decoded fields of a CSR value for the UI; [] for CSRs without a field table. */
export function decodeCsr(name: string, value: bigint): { name: string; value: string; bits: string }[] {
  value &= M64;
  return fieldsOf(name).map((f) => ({
    name: f.name,
    value: showField(f, get(f, value), value),
    bits: f.width === 1 ? `[${f.lo}]` : `[${f.lo + f.width - 1}:${f.lo}]`,
  }));
}

/**
 * New value of CSR `name` after setting one field. fieldValue: a bigint or text, either
 * a display name ('S' for MPP, 'Dirty', 'Sv39', 'NAPOT', 'IMAFDC' for misa) or a number
 * ('3', '0x80'). For BASE of mtvec/stvec the number is the address. Throws an Error for
 * an unknown field or a value that does not fit.
 */
export function setCsrField(name: string, value: bigint, field: string, fieldValue: string | bigint): bigint {
  value &= M64;
  const f = fieldsOf(name).find((x) => x.name.toLowerCase() === field.trim().toLowerCase());
  if (f === undefined) throw new Error(`${name} has no field ${field}`);
  let v: bigint | undefined;
  if (typeof fieldValue === 'bigint') {
    v = fieldValue;
  } else {
    const s = fieldValue.trim();
    if (f.parse !== undefined) v = f.parse(s, value);
    if (v === undefined && f.names !== undefined) {
      const i = f.names.findIndex((n) => n !== 'reserved' && n !== '-' && n.toLowerCase() === s.toLowerCase());
      if (i >= 0) v = BigInt(i);
    }
    if (v === undefined && /^(0x[0-9a-f]+|0b[01]+|\d+)$/i.test(s)) v = BigInt(s);
  }
  if (v === undefined) throw new Error(`invalid value '${String(fieldValue)}' for ${name}.${f.name}`);
  if (f.addr === true) v >>= BigInt(f.lo);
  if (v < 0n || v > mask(f)) throw new Error(`value ${String(fieldValue)} does not fit ${name}.${f.name} (${f.width} bits)`);
  const m = mask(f) << BigInt(f.lo);
  return ((value & ~m) | (v << BigInt(f.lo))) & M64;
}


// ------------------------------------------------------------------ fields in expressions

/** A CSR field as expressions see it (`mstatus.MPP`): its bits and, for enumerations
 *  (MPP, FS, satp.MODE...), the names of its values. */
export interface CsrFieldInfo {
  /** The field's name as the field tables spell it ('MPP', 'Code'). */
  name: string;
  lo: number;
  width: number;
  names?: { name: string; value: bigint }[];
}

/** Names of the fields of CSR `name` usable as `csr.FIELD` (none for PMP's `pmpN.R`). */
export function csrFieldNames(name: string): string[] {
  return fieldsOf(name).filter((f) => !f.name.includes('.')).map((f) => f.name);
}

/** The field `field` (any case) of CSR `name`, or undefined. */
export function csrField(name: string, field: string): CsrFieldInfo | undefined {
  const f = fieldsOf(name).find((x) => !x.name.includes('.') && x.name.toLowerCase() === field.toLowerCase());
  if (f === undefined) return undefined;
  const info: CsrFieldInfo = { name: f.name, lo: f.lo, width: f.width };
  if (f.width <= 4 && (f.names !== undefined || f.show !== undefined)) {
    // Enumerations of up to 16 values; custom displays (satp.MODE) only where they name a value.
    info.names = [];
    for (let v = 0n; v < 1n << BigInt(f.width); v++) {
      const text = showField(f, v, 0n);
      if (text !== 'reserved' && text !== '-' && text !== v.toString()) info.names.push({ name: text, value: v });
    }
  }
  return info;
}

/** Bits of `field` in a CSR value. */
export function csrFieldValue(info: CsrFieldInfo, value: bigint): bigint {
  return ((value & M64) >> BigInt(info.lo)) & ((1n << BigInt(info.width)) - 1n);
}

/** Number of fields shown in a collapsed CSR's summary before "…". */
const SUMMARY_FIELDS = 6;

/**
 * Short summary of a CSR value for a collapsed row: its non-zero fields, e.g.
 * `{MPP=M, FS=Initial}` for mstatus or `{Cause=Illegal instruction}` for mcause (a field
 * with its own display that covers others, like mcause's Cause, stands for them).
 * Empty when the CSR has no field table; `{}` when every field is zero.
 */
export function csrSummary(name: string, value: bigint): string {
  const fields = fieldsOf(name);
  if (fields.length === 0) return '';
  value &= M64;
  // XLEN fields (MXL, UXL, SXL, VSXL) are fixed at 64 here: not worth a place.
  let shown = fields.filter((f) => get(f, value) !== 0n && f.names !== XLEN);
  const covers = (g: Field, f: Field): boolean => g !== f && g.show !== undefined && g.lo <= f.lo && g.lo + g.width >= f.lo + f.width;
  shown = shown.filter((f) => !shown.some((g) => covers(g, f)));
  const parts = shown.slice(0, SUMMARY_FIELDS).map((f) => `${f.name}=${showField(f, get(f, value), value)}`);
  if (shown.length > SUMMARY_FIELDS) parts.push('…');
  return `{${parts.join(', ')}}`;
}
