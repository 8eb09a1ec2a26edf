/**
 * Address translations explained, for the translation view and `hyperstep.translate`
 * (docs/debugging.md "Translation view"): a guest virtual address walked through the
 * VS stage (each level's PTE, its guest physical address and decoded flags), each PTE
 * address and the result walked through the G stage to the host physical address, and
 * the fault the walk would raise when it fails. Plain data (JSON-serialisable); the
 * walks are debugMemory.ts's, without side effects.
 */
import type { Hart } from '../hart/hart';
import { walkGStage, walkStage, walkTwoStage, type GuestSpace, type WalkResult, type WalkStep } from './debugMemory';

export interface PteInfo {
  level: number;
  /** Address of the PTE (guest physical in the VS stage, host physical in the G stage). */
  pteAddr: string;
  /** The PTE, or undefined when it could not be read. */
  pte?: string;
  /** Flag letters D A G U X W R V ('-' for clear bits), and the PPN it holds. */
  flags?: string;
  ppn?: string;
  /** VS stage only: the G-stage walk of pteAddr. */
  g?: StageInfo;
}

export interface StageInfo {
  /** 'VS', 'G' or 'S'. */
  stage: string;
  mode: string;
  root?: string;
  input: string;
  levels: PteInfo[];
  output?: string;
  /** Leaf size for superpages ('2 MiB', '1 GiB', ...). */
  leaf?: string;
  error?: string;
}

export interface TranslationReport {
  context: string;
  address: string;
  /** Kind of address given: 'gva', 'gpa' or 'va'. */
  kind: string;
  stages: StageInfo[];
  gpa?: string;
  hpa?: string;
  /** What the walk would raise (its error), when it fails. */
  fault?: string;
  /** One-line summary: GVA → GPA → HPA. */
  summary: string;
}

const hex = (v: bigint): string => '0x' + v.toString(16);
const MODES: Record<number, string> = { 0: 'Bare', 8: 'Sv39', 9: 'Sv48', 10: 'Sv57' };
const LEAF = ['4 KiB', '2 MiB', '1 GiB', '512 GiB'];

function flags(pte: bigint): string {
  const names = 'DAGUXWRV';
  let s = '';
  for (let i = 0; i < 8; i++) s += (pte >> BigInt(7 - i)) & 1n ? names[i] : '-';
  return s;
}

function pteInfo(s: WalkStep): PteInfo {
  const p: PteInfo = { level: s.level, pteAddr: hex(s.pteAddr) };
  if (s.pte !== undefined) { p.pte = hex(s.pte); p.flags = flags(s.pte); p.ppn = hex((s.pte >> 10n) & ((1n << 44n) - 1n)); }
  return p;
}

function stageOf(stage: string, mode: number, root: bigint | undefined, input: bigint, r: WalkResult, x4: boolean): StageInfo {
  const out: StageInfo = {
    stage, mode: mode === 0 ? 'Bare' : `${MODES[mode] ?? `mode ${mode}`}${x4 ? 'x4' : ''}`, input: hex(input),
    levels: r.steps.map(pteInfo),
  };
  if (root !== undefined && mode !== 0) out.root = hex(root);
  if (r.ok) { out.output = hex(r.pa); if (r.level > 0) out.leaf = LEAF[r.level]; } else out.error = r.error;
  return out;
}

/** Explain the translation of a guest virtual (kind 'gva') or guest physical ('gpa')
 *  address in the guest address space `space` of context `context`. */
export function explainGuest(h: Hart, context: string, space: GuestSpace, addr: bigint, kind: 'gva' | 'gpa'): TranslationReport {
  const gRoot = BigInt(space.hgatpPpn) * 4096n;
  const rep: TranslationReport = { context, address: hex(addr), kind, stages: [], summary: '' };
  let gpa = addr;
  if (kind === 'gva') {
    const t = walkTwoStage(h, addr, space);
    const vs: StageInfo = {
      stage: 'VS', mode: MODES[space.vsatpMode] ?? `mode ${space.vsatpMode}`, input: hex(addr),
      levels: t.vs.map((s) => ({ ...pteInfo(s), g: stageOf('G', space.hgatpMode, gRoot, s.pteAddr, s.g, true) })),
    };
    if (space.vsatpMode !== 0) vs.root = hex(BigInt(space.vsatpPpn) * 4096n);
    if (t.ok || t.gpa !== undefined) {
      gpa = t.ok ? t.gpa : t.gpa!;
      vs.output = hex(gpa);
      if (t.ok && t.vsLevel > 0) vs.leaf = LEAF[t.vsLevel];
    } else vs.error = t.error;
    rep.stages.push(vs);
    if (!t.ok && t.gpa === undefined) {
      rep.fault = `${t.error} (a guest access would take a page fault or guest-page fault)`;
      rep.summary = `GVA ${hex(addr)} → fault: ${t.error}`;
      return rep;
    }
  }
  const g = walkGStage(h, gpa, space);
  rep.stages.push(stageOf('G', space.hgatpMode, gRoot, gpa, g, true));
  rep.gpa = hex(gpa);
  if (g.ok) {
    rep.hpa = hex(g.pa);
    rep.summary = kind === 'gva' ? `GVA ${hex(addr)} → GPA ${hex(gpa)} → HPA ${hex(g.pa)}` : `GPA ${hex(gpa)} → HPA ${hex(g.pa)}`;
  } else {
    rep.fault = `${g.error} (a guest access would take a guest-page fault)`;
    rep.summary = `${kind === 'gva' ? `GVA ${hex(addr)} → ` : ''}GPA ${hex(gpa)} → fault: ${g.error}`;
  }
  return rep;
}

/** Explain a single-stage translation through a satp (the hypervisor's own addresses). */
export function explainHost(h: Hart, context: string, satpMode: number, satpPpn: number, va: bigint): TranslationReport {
  const rep: TranslationReport = { context, address: hex(va), kind: 'va', stages: [], summary: '' };
  if (satpMode === 0) {
    rep.stages.push({ stage: 'S', mode: 'Bare', input: hex(va), levels: [], output: hex(va) });
    rep.hpa = hex(va);
    rep.summary = `VA ${hex(va)} → PA ${hex(va)} (no translation)`;
    return rep;
  }
  const root = BigInt(satpPpn) * 4096n;
  const r = walkStage(va, {
    levels: satpMode === 8 ? 3 : 4, root,
    readPte: (a) => {
      const off = Number(a) - h.bus.ramBase;
      if (!h.bus.isRam(Number(a), 8)) return undefined;
      return BigInt(h.view.getUint32(off, true)) | (BigInt(h.view.getUint32(off + 4, true)) << 32n);
    },
  });
  rep.stages.push(stageOf('S', satpMode, root, va, r, false));
  if (r.ok) { rep.hpa = hex(r.pa); rep.summary = `VA ${hex(va)} → PA ${hex(r.pa)}`; } else { rep.fault = r.error; rep.summary = `VA ${hex(va)} → fault: ${r.error}`; }
  return rep;
}

/** Text lines of a report (Debug Console, CLI). */
export function reportLines(r: TranslationReport): string[] {
  const out = [`${r.context}: ${r.summary}`];
  for (const s of r.stages) {
    out.push(`${s.stage} stage (${s.mode}${s.root !== undefined ? `, root ${s.root}` : ''}): ${s.input}${s.output !== undefined ? ` → ${s.output}` : ''}${s.leaf !== undefined ? ` (${s.leaf} page)` : ''}`);
    for (const l of s.levels) {
      out.push(`  level ${l.level}: PTE at ${l.pteAddr}${s.stage === 'VS' ? ' (GPA)' : ''} = ${l.pte ?? 'unreadable'} ${l.flags ?? ''} ${l.ppn !== undefined ? `PPN ${l.ppn}` : ''}`.trimEnd());
      if (l.g !== undefined) out.push(`    G stage: ${l.g.input} → ${l.g.output ?? `fault: ${l.g.error}`}`);
    }
    if (s.error !== undefined) out.push(`  fault: ${s.error}`);
  }
  return out;
}
