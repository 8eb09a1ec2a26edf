/**
 * The debugger's side-effect-free view of a hart's memory: virtual-to-physical
 * translation through the hart's current satp without touching the guest (no A/D bit
 * updates, no TLB fills, no traps, no PMP checks: the debugger acts as an external
 * agent with physical access), and reads/writes of RAM through that translation.
 *
 * MMIO is refused (device reads have side effects), except reads of the boot ROM,
 * which are side-effect free. Writes go through Bus.writeBytes, exactly like DMA, so
 * compiled code covering the written bytes is dropped (write-watched pages notify the
 * block cache); LR/SC reservations on the written granules are broken as a store from
 * another agent would.
 *
 * Translation follows priv spec 1.12 section 4.3.2 ("Virtual Address Translation
 * Process") for Sv39/Sv48 (4.4, 4.5). The walk is one stage (`walkStage`) reading PTEs
 * through a callback; the two-stage translation of the H extension (priv spec 20211203
 * 8.5) runs the VS stage with a PTE reader that first maps guest-physical addresses
 * through the G stage (Sv39x4/Sv48x4: `x4` widens the root index by two bits and the
 * address is zero-extended). A hart with V=1 translates through its own vsatp and hgatp;
 * `GuestSpace` names any guest's address space, so a guest's memory can be read while
 * another context runs.
 */
import type { Hart } from '../hart/hart';
import { MStatus, Priv } from '../hart/csrNumbers';
import { Rom } from '../devices/rom';

export type DebugAccess = 'read' | 'write' | 'fetch';

export interface TranslateOptions {
  /** Also apply the hart's permission checks (U/SUM/MXR/R/W/X) for `access` at the
   *  hart's effective privilege. Default false: a debugger sees every valid mapping. */
  checkPermissions?: boolean;
}

/** One step of a page-table walk, for explanations. */
export interface WalkStep {
  level: number;
  pteAddr: bigint;
  /** undefined when the PTE could not be read (outside RAM). */
  pte: bigint | undefined;
}

export type WalkResult =
  | { ok: true; pa: bigint; level: number; pte: bigint; steps: WalkStep[] }
  | { ok: false; error: string; steps: WalkStep[] };

/** Parameters of one translation stage. */
export interface StageParams {
  /** Number of levels: 3 (Sv39) or 4 (Sv48). */
  levels: number;
  /** Physical (or, for a VS stage, guest-physical) address of the root table. */
  root: bigint;
  /** Reads the 8-byte PTE at an address of the table's address space. */
  readPte: (addr: bigint) => bigint | undefined;
  /** Permission checking, when wanted. */
  perm?: { access: DebugAccess; priv: number; sum: boolean; mxr: boolean };
  /** G stage (Sv39x4/Sv48x4): 16 KiB root (11-bit top index), zero-extended address. */
  x4?: boolean;
}

/** A guest's address spaces: its VS-stage root (vsatp) and G-stage root (hgatp). */
export interface GuestSpace {
  vsatpMode: number;
  vsatpPpn: number;
  hgatpMode: number;
  hgatpPpn: number;
}

const M64 = (1n << 64n) - 1n;
/** Physical addresses are 56 bits (priv spec 4.4.1). */
const PA_LIMIT = 1n << 56n;
const PAGE = 4096n;

const hex = (v: bigint): string => '0x' + v.toString(16);

/** Name of a satp.MODE value. */
function modeName(mode: number): string {
  return mode === 0 ? 'Bare' : mode === 8 ? 'Sv39' : mode === 9 ? 'Sv48' : mode === 10 ? 'Sv57' : `mode ${mode}`;
}

/**
 * One stage of a Sv39/Sv48 walk (4.3.2 steps 1-8, without step 7's A/D update).
 * Structural failures (invalid PTE, reserved encodings, misaligned superpage,
 * non-canonical address) are errors; permissions only when params.perm is set.
 */
export function walkStage(va: bigint, p: StageParams): WalkResult {
  const steps: WalkStep[] = [];
  const vaBits = BigInt(12 + 9 * p.levels);
  const half = 1n << (vaBits - 1n);
  va &= M64;
  if (p.x4 === true) {
    // G stage: guest physical address bits above vaBits + 2 must be zero (8.5.1).
    if (va >= 1n << (vaBits + 2n)) {
      return { ok: false, error: `guest physical address ${hex(va)} is beyond ${p.levels === 3 ? 'Sv39x4' : 'Sv48x4'}'s ${vaBits + 2n} bits`, steps };
    }
  } else if (!(va < half || va >= (1n << 64n) - half)) {
    // Bits 63..vaBits-1 must all equal bit vaBits-1 (4.4.1).
    return { ok: false, error: `${hex(va)} is not a canonical ${p.levels === 3 ? 'Sv39' : 'Sv48'} address`, steps };
  }
  let base = p.root;
  for (let level = p.levels - 1; level >= 0; level--) {
    const top = level === p.levels - 1 && p.x4 === true ? 2047n : 511n;
    const idx = (va >> (12n + 9n * BigInt(level))) & top;
    const pteAddr = base + idx * 8n;
    const pte = p.readPte(pteAddr);
    steps.push({ level, pteAddr, pte });
    if (pte === undefined) {
      return { ok: false, error: `no mapping for ${hex(va)} (level ${level} PTE at ${hex(pteAddr)} is not in RAM)`, steps };
    }
    const v = pte & 1n, r = (pte >> 1n) & 1n, w = (pte >> 2n) & 1n, x = (pte >> 3n) & 1n;
    if (v === 0n) return { ok: false, error: `no mapping for ${hex(va)} (level ${level} PTE invalid)`, steps };
    if (r === 0n && w === 1n) return { ok: false, error: `no mapping for ${hex(va)} (level ${level} PTE reserved: W without R)`, steps };
    // Bits 63:54 reserved (N, PBMT included: Svnapot/Svpbmt not implemented).
    if ((pte >> 54n) !== 0n) return { ok: false, error: `no mapping for ${hex(va)} (level ${level} PTE reserved bits set)`, steps };
    const ppn = (pte >> 10n) & ((1n << 44n) - 1n);
    if (r === 0n && x === 0n) {
      if (level === 0) return { ok: false, error: `no mapping for ${hex(va)} (level 0 PTE is not a leaf)`, steps };
      base = ppn * PAGE;
      continue;
    }
    // Leaf. A superpage must be aligned (4.3.2 step 6).
    const spanPages = 1n << (9n * BigInt(level));
    if (ppn % spanPages !== 0n) {
      return { ok: false, error: `no mapping for ${hex(va)} (misaligned level ${level} superpage)`, steps };
    }
    if (p.perm !== undefined) {
      const why = permissionError(pte, p.perm);
      if (why !== undefined) return { ok: false, error: `${why} at ${hex(va)}`, steps };
    }
    const offMask = (PAGE << (9n * BigInt(level))) - 1n;
    const pa = ppn * PAGE + (va & offMask);
    return { ok: true, pa, level, pte, steps };
  }
  return { ok: false, error: `no mapping for ${hex(va)}`, steps };
}

/** The hart's permission checks on a leaf PTE (4.3.2 step 5), or undefined if allowed. */
function permissionError(pte: bigint, perm: NonNullable<StageParams['perm']>): string | undefined {
  const r = (pte & 2n) !== 0n, w = (pte & 4n) !== 0n, x = (pte & 8n) !== 0n, u = (pte & 16n) !== 0n;
  if (perm.priv === Priv.U && !u) return 'page not accessible from U-mode';
  if (perm.priv === Priv.S && u && (perm.access === 'fetch' || !perm.sum)) return 'user page not accessible from S-mode';
  if (perm.access === 'fetch' && !x) return 'page not executable';
  if (perm.access === 'read' && !r && !(perm.mxr && x)) return 'page not readable';
  if (perm.access === 'write' && !w) return 'page not writable';
  return undefined;
}

/** Read a 64-bit little-endian PTE from RAM (never MMIO), or undefined. */
function ramPte(h: Hart, addr: bigint): bigint | undefined {
  const bus = h.bus;
  if (addr >= PA_LIMIT) return undefined;
  const a = Number(addr);
  if (!bus.isRam(a, 8)) return undefined;
  const off = a - bus.ramBase;
  return BigInt(h.view.getUint32(off, true)) | (BigInt(h.view.getUint32(off + 4, true)) << 32n);
}

/** The G stage of a guest: guest physical address to host physical address. */
export function walkGStage(h: Hart, gpa: bigint, g: Pick<GuestSpace, 'hgatpMode' | 'hgatpPpn'>): WalkResult {
  gpa &= M64;
  if (g.hgatpMode === 0) {
    if (gpa >= PA_LIMIT) return { ok: false, error: `${hex(gpa)} is beyond the 56-bit physical address space`, steps: [] };
    return { ok: true, pa: gpa, level: -1, pte: 0n, steps: [] };
  }
  if (g.hgatpMode !== 8 && g.hgatpMode !== 9) return { ok: false, error: `unsupported hgatp mode ${g.hgatpMode}`, steps: [] };
  const r = walkStage(gpa, { levels: g.hgatpMode === 8 ? 3 : 4, root: BigInt(g.hgatpPpn) * PAGE, readPte: (a) => ramPte(h, a), x4: true });
  if (!r.ok) r.error = `G-stage: ${r.error}`;
  return r;
}

/** One VS-stage step with the G-stage translation of its PTE address. */
export interface TwoStageStep extends WalkStep { g: WalkResult }

export type TwoStageResult =
  | { ok: true; pa: bigint; gpa: bigint; vs: TwoStageStep[]; vsLevel: number; g: WalkResult }
  | { ok: false; error: string; gpa?: bigint; vs: TwoStageStep[]; g?: WalkResult };

/** Two-stage translation of a guest virtual address (8.5): the VS stage with each PTE
 *  read through the G stage, then the G stage of the result. No side effects. */
export function walkTwoStage(h: Hart, gva: bigint, space: GuestSpace): TwoStageResult {
  const vs: TwoStageStep[] = [];
  let gpa = gva & M64, vsLevel = -1;
  if (space.vsatpMode !== 0) {
    if (space.vsatpMode !== 8 && space.vsatpMode !== 9) return { ok: false, error: `unsupported vsatp mode ${space.vsatpMode}`, vs };
    const r = walkStage(gpa, {
      levels: space.vsatpMode === 8 ? 3 : 4,
      root: BigInt(space.vsatpPpn) * PAGE,
      readPte: (a) => {
        const g = walkGStage(h, a, space);
        vs.push({ level: -1, pteAddr: a, pte: undefined, g });
        return g.ok ? ramPte(h, g.pa) : undefined;
      },
    });
    // Merge walkStage's steps (levels, PTE values) with the G-stage results recorded above.
    for (let k = 0; k < r.steps.length && k < vs.length; k++) { vs[k].level = r.steps[k].level; vs[k].pte = r.steps[k].pte; }
    if (!r.ok) {
      const last = vs[vs.length - 1];
      const error = last !== undefined && !last.g.ok ? `VS-stage PTE at guest physical ${hex(last.pteAddr)}: ${last.g.error}` : `VS-stage: ${r.error}`;
      return { ok: false, error, vs };
    }
    gpa = r.pa; vsLevel = r.level;
  }
  const g = walkGStage(h, gpa, space);
  if (!g.ok) return { ok: false, error: g.error, gpa, vs, g };
  return { ok: true, pa: g.pa, gpa, vs, vsLevel, g };
}

/** The address space of the guest a hart runs (V=1) or ran last (its vsatp waits in the
 *  alternate copy while V=0). */
export function currentGuestSpace(h: Hart): GuestSpace {
  const live = h.virt !== 0;
  return {
    vsatpMode: live ? h.satpMode : h.altSatpMode, vsatpPpn: live ? h.satpPpn : h.altSatpPpn,
    hgatpMode: h.hgatpMode, hgatpPpn: h.hgatpPpn,
  };
}

/** The walk for the hart's current state, with steps; bare modes give no steps. */
function translateWalk(h: Hart, va: bigint, access: DebugAccess, opts: TranslateOptions): WalkResult & { mode: number } {
  va &= M64;
  if (h.virt !== 0) {
    // VS/VU: two stages (permissions are not checked here).
    const t = walkTwoStage(h, va, currentGuestSpace(h));
    return t.ok ? { ok: true, pa: t.pa, level: t.vsLevel, pte: 0n, steps: [], mode: h.satpMode }
      : { ok: false, error: t.error, steps: [], mode: h.satpMode };
  }
  // The debugger translates at the hart's privilege: M-mode is bare (MPRV ignored).
  const priv = h.priv;
  const mode = priv === Priv.M ? 0 : h.satpMode;
  if (mode === 0) {
    if (va >= PA_LIMIT) return { ok: false, error: `${hex(va)} is beyond the 56-bit physical address space`, steps: [], mode };
    return { ok: true, pa: va, level: -1, pte: 0n, steps: [], mode };
  }
  if (mode !== 8 && mode !== 9) return { ok: false, error: `unsupported satp mode ${mode}`, steps: [], mode };
  const perm = opts.checkPermissions === true
    ? { access, priv, sum: (h.mstatus & MStatus.SUM) !== 0, mxr: (h.mstatus & MStatus.MXR) !== 0 }
    : undefined;
  const r = walkStage(va, {
    levels: mode === 8 ? 3 : 4,
    root: BigInt(h.satpPpn) * PAGE,
    readPte: (a) => ramPte(h, a),
    perm,
  });
  return { ...r, mode };
}

/**
 * Translate va as the hart would for an access at its current privilege (M-mode:
 * bare; S/U: satp). Never modifies guest state.
 */
export function debugTranslate(h: Hart, va: bigint, access: DebugAccess = 'read',
  opts: TranslateOptions = {}): { pa: bigint } | { error: string } {
  const r = translateWalk(h, va, access, opts);
  return r.ok ? { pa: r.pa } : { error: r.error };
}

/** Lines explaining the translation of va (for a "show translation" view). */
export function translationInfo(h: Hart, va: bigint): string[] {
  va &= M64;
  const privName = h.priv === Priv.M ? 'M' : h.priv === Priv.S ? 'S' : 'U';
  const lines: string[] = [`virtual address ${hex(va)}, ${privName}-mode`];
  const satp = `satp: mode ${modeName(h.satpMode)}, ASID ${h.satpAsid}, root table at ${hex(BigInt(h.satpPpn) * PAGE)}`;
  if (h.priv === Priv.M) {
    lines.push('M-mode: no translation (bare)', satp);
  } else {
    lines.push(satp);
  }
  const r = translateWalk(h, va, 'read', {});
  for (const s of r.steps) {
    const pteText = s.pte === undefined ? 'not in RAM' : `${hex(s.pte)} ${pteFlags(s.pte)} PPN ${hex((s.pte >> 10n) & ((1n << 44n) - 1n))}`;
    lines.push(`level ${s.level}: PTE at ${hex(s.pteAddr)} = ${pteText}`);
  }
  if (r.ok) {
    if (r.level > 0) lines.push(`leaf at level ${r.level}: ${r.level === 1 ? '2 MiB' : r.level === 2 ? '1 GiB' : '512 GiB'} superpage`);
    const pa = r.pa;
    const where = pa < 1n << 53n && h.bus.isRam(Number(pa), 1) ? 'RAM' : deviceAt(h, pa) ?? 'unmapped';
    lines.push(`physical address ${hex(pa)} (${where})`);
  } else {
    lines.push(`error: ${r.error}`);
  }
  return lines;
}

/** PTE flag letters in the order D A G U X W R V, '-' for clear bits. */
function pteFlags(pte: bigint): string {
  const names = 'DAGUXWRV';
  let s = '';
  for (let i = 0; i < 8; i++) s += (pte >> BigInt(7 - i)) & 1n ? names[i] : '-';
  return s;
}

function deviceAt(h: Hart, pa: bigint): string | undefined {
  if (pa >= 1n << 53n) return undefined;
  const a = Number(pa);
  for (const m of h.bus.devices) if (a >= m.base && a < m.base + m.size) return m.dev.name;
  return undefined;
}

// ------------------------------------------------------------------ physical access

/** A physical range inside RAM: its RAM offset, or undefined. */
function ramOffset(h: Hart, pa: bigint, len: number): number | undefined {
  if (pa < 0n || pa + BigInt(len) > PA_LIMIT) return undefined;
  const a = Number(pa);
  return h.bus.isRam(a, len) ? a - h.bus.ramBase : undefined;
}

/** ROM device data covering [pa, pa+len), or undefined. */
function romBytes(h: Hart, pa: bigint, len: number): Uint8Array | undefined {
  if (pa >= 1n << 53n) return undefined;
  const a = Number(pa);
  for (const m of h.bus.devices) {
    if (!(m.dev instanceof Rom) || a < m.base || a + len > m.base + m.size) continue;
    const off = a - m.base;
    const out = new Uint8Array(len);
    out.set(m.dev.data.subarray(off, Math.min(off + len, m.dev.data.length)));
    return out;
  }
  return undefined;
}

/** Read physical memory (RAM or boot ROM); undefined for MMIO or unmapped addresses. */
export function readPhys(h: Hart, pa: bigint, len: number): Uint8Array | undefined {
  if (len < 0) return undefined;
  if (len === 0) return new Uint8Array(0);
  const off = ramOffset(h, pa, len);
  if (off !== undefined) return h.bus.ram.slice(off, off + len);
  return romBytes(h, pa, len);
}

/** Write physical RAM like a DMA write (invalidates compiled code); false for anything else. */
export function writePhys(h: Hart, pa: bigint, data: Uint8Array): boolean {
  if (data.length === 0) return true;
  const off = ramOffset(h, pa, data.length);
  if (off === undefined) return false;
  const a = h.bus.ramBase + off;
  h.bus.writeBytes(a, data);
  h.bus.hostWrites++;
  // A store by another agent breaks LR reservations on the granules it touches.
  for (const o of h.bus.harts) {
    if (o.reservation >= a - 7 && o.reservation < a + data.length) o.reservation = -1;
  }
  return true;
}

/**
 * An address space the debugger can name (hypervisor sessions, docs/debugging.md):
 * the hart's current translation, the hypervisor's (HS-level satp, whatever the hart
 * runs now), host physical addresses, or a guest's virtual or guest-physical addresses.
 */
export type MemorySpace =
  | { kind: 'hart' }
  | { kind: 'host' }
  | { kind: 'hpa' }
  | { kind: 'gva'; space: GuestSpace }
  | { kind: 'gpa'; space: GuestSpace };

/** Translate an address of space sp to a physical address (no side effects). */
export function spaceTranslate(h: Hart, sp: MemorySpace, addr: bigint, access: DebugAccess = 'read'): { pa: bigint } | { error: string } {
  addr &= M64;
  switch (sp.kind) {
    case 'hart': return debugTranslate(h, addr, access);
    case 'hpa': return addr < PA_LIMIT ? { pa: addr } : { error: `${hex(addr)} is beyond the 56-bit physical address space` };
    case 'host': {
      const live = h.virt === 0;
      const mode = live ? h.satpMode : h.altSatpMode, ppn = live ? h.satpPpn : h.altSatpPpn;
      if (mode === 0) return addr < PA_LIMIT ? { pa: addr } : { error: `${hex(addr)} is beyond the 56-bit physical address space` };
      if (mode !== 8 && mode !== 9) return { error: `unsupported satp mode ${mode}` };
      const r = walkStage(addr, { levels: mode === 8 ? 3 : 4, root: BigInt(ppn) * PAGE, readPte: (a) => ramPte(h, a) });
      return r.ok ? { pa: r.pa } : { error: r.error };
    }
    case 'gva': { const r = walkTwoStage(h, addr, sp.space); return r.ok ? { pa: r.pa } : { error: r.error }; }
    case 'gpa': { const r = walkGStage(h, addr, sp.space); return r.ok ? { pa: r.pa } : { error: r.error }; }
  }
}

/** Split [va, va+len) into page pieces translated to physical addresses (undefined on failure). */
function pieces(h: Hart, va: bigint, len: number, access: DebugAccess, sp: MemorySpace = { kind: 'hart' }): { pa: bigint; len: number }[] | undefined {
  const out: { pa: bigint; len: number }[] = [];
  let done = 0;
  while (done < len) {
    const cur = (va + BigInt(done)) & M64;
    const n = Math.min(len - done, Number(PAGE - (cur & (PAGE - 1n))));
    const t = spaceTranslate(h, sp, cur, access);
    if ('error' in t) return undefined;
    out.push({ pa: t.pa, len: n });
    done += n;
  }
  return out;
}

/** Read len bytes at virtual address va through the hart's translation (or space sp). */
export function debugRead(h: Hart, va: bigint, len: number, sp?: MemorySpace): Uint8Array | undefined {
  if (len < 0 || !Number.isInteger(len)) return undefined;
  const ps = pieces(h, va, len, 'read', sp);
  if (ps === undefined) return undefined;
  const out = new Uint8Array(len);
  let pos = 0;
  for (const p of ps) {
    const b = readPhys(h, p.pa, p.len);
    if (b === undefined) return undefined;
    out.set(b, pos);
    pos += p.len;
  }
  return out;
}

/** Write data at virtual address va; all pages are checked first, so a failure writes nothing. */
export function debugWrite(h: Hart, va: bigint, data: Uint8Array, sp?: MemorySpace): boolean {
  const ps = pieces(h, va, data.length, 'write', sp);
  if (ps === undefined) return false;
  for (const p of ps) if (ramOffset(h, p.pa, p.len) === undefined) return false;
  let pos = 0;
  for (const p of ps) {
    writePhys(h, p.pa, data.subarray(pos, pos + p.len));
    pos += p.len;
  }
  return true;
}
