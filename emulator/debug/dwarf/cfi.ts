/**
 * Call frame information (DWARF 5 section 6.4): CIEs and FDEs from .debug_frame and
 * .eh_frame (LSB "Exception Frames": zR/zP/zL augmentations, DW_EH_PE pointer
 * encodings), the DW_CFA_* rule machine (section 6.4.2) and one-frame unwinding.
 */

import type { FrameAccess } from '../model';
import { evalValue } from './location';
import { DwarfError, MASK64, Reader, hex } from './reader';
import { msg } from './info';

interface Cie {
  codeAlign: number;
  dataAlign: number;
  raReg: number;
  initial: Uint8Array;
  /** .eh_frame pointer encoding for FDE addresses (DW_EH_PE_*). */
  fdeEnc: number;
  hasAugData: boolean;
  addrSize: number;
}

interface Fde { lo: bigint; hi: bigint; cie: Cie; insns: Uint8Array }

type Rule =
  | { k: 'undefined' } | { k: 'same' } | { k: 'offset'; n: number } | { k: 'valOffset'; n: number }
  | { k: 'register'; r: number } | { k: 'expr'; e: Uint8Array } | { k: 'valExpr'; e: Uint8Array };

interface State {
  cfaReg: number;
  cfaOff: number;
  cfaExpr?: Uint8Array;
  rules: Map<number, Rule>;
}

export interface UnwindResult { cfa: bigint; callerReg(reg: number): bigint | undefined }

/** x8, x9, x18-x27 and f8, f9, f18-f27 (DWARF 40, 41, 50-59): callee-saved in the psABI. */
function calleeSaved(reg: number): boolean {
  return reg === 8 || reg === 9 || (reg >= 18 && reg <= 27) || reg === 40 || reg === 41 || (reg >= 50 && reg <= 59);
}

const SP = 2;

export class CallFrames {
  private readonly fdes: Fde[] = [];
  private readonly ehFdes: Fde[] = [];

  constructor(frame: Uint8Array | undefined, ehFrame: Uint8Array | undefined, ehFrameAddr: bigint, warnings: string[]) {
    if (frame) this.parse(frame, false, 0n, this.fdes, warnings);
    if (ehFrame) this.parse(ehFrame, true, ehFrameAddr, this.ehFdes, warnings);
    const cmp = (a: Fde, b: Fde): number => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0);
    this.fdes.sort(cmp);
    this.ehFdes.sort(cmp);
  }

  get count(): number { return this.fdes.length + this.ehFdes.length; }

  private parse(data: Uint8Array, eh: boolean, secAddr: bigint, out: Fde[], warnings: string[]): void {
    const cies = new Map<number, Cie>();
    const what = eh ? '.eh_frame' : '.debug_frame';
    let off = 0;
    while (off + 4 <= data.length) {
      const r = new Reader(data, off);
      let end: number;
      try {
        const len = r.initialLength();
        end = len.end;
        if (eh && end === off + 4) break; // zero terminator
        r.end = end;
        const idPos = r.pos;
        const id = len.is64 ? r.u64() : BigInt(r.u32());
        const isCie = eh ? id === 0n : id === (len.is64 ? MASK64 : 0xffffffffn);
        try {
          if (isCie) {
            cies.set(off, this.parseCie(r, eh, len.is64));
          } else {
            const cieOff = eh ? idPos - Number(id) : Number(id);
            let cie = cies.get(cieOff);
            if (!cie) {
              const cr = new Reader(data, cieOff);
              const cl = cr.initialLength();
              cr.end = cl.end;
              if (cl.is64) cr.u64(); else cr.u32();
              cie = this.parseCie(cr, eh, cl.is64);
              cies.set(cieOff, cie);
            }
            const fde = this.parseFde(r, cie, eh, secAddr, data);
            if (fde && fde.hi > fde.lo && (fde.lo !== 0n || eh)) out.push(fde);
          }
        } catch (e) {
          warnings.push(`${what} entry at ${hex(off)} skipped: ${msg(e)}`);
        }
      } catch (e) {
        warnings.push(`${what}: entry at ${hex(off)} unreadable, rest of section skipped: ${msg(e)}`);
        return;
      }
      off = end;
    }
  }

  private parseCie(r: Reader, eh: boolean, is64: boolean): Cie {
    const version = r.u8();
    if (version !== 1 && version !== 3 && version !== 4) throw new DwarfError(`unsupported CIE version ${version}`);
    const aug = r.cstr();
    let addrSize = 8;
    if (version >= 4) { addrSize = r.u8(); r.u8(); }
    if (aug.includes('eh')) r.offset(is64); // old GCC eh_ptr
    const codeAlign = r.uleb();
    const dataAlign = r.sleb();
    const raReg = version === 1 ? r.u8() : r.uleb();
    let fdeEnc = eh ? 0 : -1;
    let hasAugData = false;
    if (aug.startsWith('z')) {
      hasAugData = true;
      const augLen = r.uleb();
      const augEnd = r.pos + augLen;
      for (let i = 1; i < aug.length; i++) {
        const c = aug[i];
        if (c === 'R') fdeEnc = r.u8();
        else if (c === 'L') r.u8();
        else if (c === 'P') { const enc = r.u8(); readEncoded(r, enc, 0n, 0n, addrSize); }
        else if (c === 'S' || c === 'B') continue;
        else break;
      }
      r.pos = augEnd;
    } else if (aug !== '' && aug !== 'eh') {
      throw new DwarfError(`unknown CIE augmentation "${aug}"`);
    }
    return { codeAlign, dataAlign, raReg, initial: r.bytes(r.end - r.pos), fdeEnc, hasAugData, addrSize };
  }

  private parseFde(r: Reader, cie: Cie, eh: boolean, secAddr: bigint, _data: Uint8Array): Fde | undefined {
    let lo: bigint;
    let len: bigint;
    if (eh) {
      lo = readEncoded(r, cie.fdeEnc, secAddr + BigInt(r.pos), 0n, cie.addrSize);
      len = readEncoded(r, cie.fdeEnc & 0x0f, 0n, 0n, cie.addrSize);
    } else {
      lo = r.addr(cie.addrSize);
      len = r.addr(cie.addrSize);
    }
    if (cie.hasAugData) r.skip(r.uleb());
    return { lo, hi: (lo + len) & MASK64, cie, insns: r.bytes(r.end - r.pos) };
  }

  private findFde(pc: bigint): Fde | undefined {
    return lookup(this.fdes, pc) ?? lookup(this.ehFdes, pc);
  }

  /** Rules in effect at pc (DWARF 5 section 6.4.3: CIE initial instructions, then the FDE's up to pc). */
  rowAt(pc: bigint): { state: State; fde: Fde } | undefined {
    const fde = this.findFde(pc);
    if (!fde) return undefined;
    const init: State = { cfaReg: SP, cfaOff: 0, rules: new Map() };
    execute(fde.cie.initial, fde.cie, init, undefined, fde.lo, MASK64);
    const initialRules = new Map(init.rules);
    const state: State = { cfaReg: init.cfaReg, cfaOff: init.cfaOff, cfaExpr: init.cfaExpr, rules: new Map(init.rules) };
    execute(fde.insns, fde.cie, state, initialRules, fde.lo, pc);
    return { state, fde };
  }

  unwind(pc: bigint, frame: FrameAccess): UnwindResult | undefined {
    const row = this.rowAt(pc);
    if (!row) return undefined;
    const { state } = row;
    const raReg = row.fde.cie.raReg;
    let cfa: bigint | undefined;
    if (state.cfaExpr) {
      cfa = evalValue(state.cfaExpr, { frame });
    } else {
      const base = frame.readReg(state.cfaReg);
      if (base !== undefined) cfa = (base + BigInt(state.cfaOff)) & MASK64;
    }
    if (cfa === undefined) return undefined;
    const cfaV = cfa;
    const read8 = (addr: bigint): bigint | undefined => {
      const b = frame.readMemory(addr & MASK64, 8);
      if (!b || b.length < 8) return undefined;
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
      return v;
    };
    return {
      cfa: cfaV,
      callerReg(reg: number): bigint | undefined {
        if (reg === 0) return 0n;
        const rule = state.rules.get(reg);
        if (!rule) {
          if (reg === SP) return cfaV;
          // No rule: callee-saved registers and the return address column (a leaf
          // function keeps its return address in ra) still hold the caller's value.
          return calleeSaved(reg) || reg === raReg ? frame.readReg(reg) : undefined;
        }
        switch (rule.k) {
          case 'undefined': return undefined;
          case 'same': return frame.readReg(reg);
          case 'offset': return read8(cfaV + BigInt(rule.n));
          case 'valOffset': return (cfaV + BigInt(rule.n)) & MASK64;
          case 'register': return frame.readReg(rule.r);
          case 'expr': {
            const a = evalValue(rule.e, { frame, initialStack: [cfaV] });
            return a === undefined ? undefined : read8(a);
          }
          case 'valExpr': return evalValue(rule.e, { frame, initialStack: [cfaV] });
        }
        return undefined;
      },
    };
  }
}

function lookup(fdes: Fde[], pc: bigint): Fde | undefined {
  let lo = 0;
  let hi = fdes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fdes[mid].lo <= pc) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0 && k >= lo - 4; k--) if (pc < fdes[k].hi) return fdes[k];
  return undefined;
}

/** .eh_frame pointer (LSB DW_EH_PE_*): value format in the low nibble, base in bits 4-6. */
function readEncoded(r: Reader, enc: number, pcrelBase: bigint, dataBase: bigint, addrSize: number): bigint {
  if (enc === 0xff) return 0n; // DW_EH_PE_omit
  let v: bigint;
  switch (enc & 0x0f) {
    case 0x00: v = r.addr(addrSize); break;
    case 0x01: v = r.ulebBig(); break;
    case 0x02: v = BigInt(r.u16()); break;
    case 0x03: v = BigInt(r.u32()); break;
    case 0x04: v = r.u64(); break;
    case 0x09: v = r.slebBig(); break;
    case 0x0a: v = BigInt(r.i16()); break;
    case 0x0b: v = BigInt(r.i32()); break;
    case 0x0c: v = r.i64(); break;
    default: throw new DwarfError(`unsupported pointer encoding ${hex(enc)}`);
  }
  switch (enc & 0x70) {
    case 0x00: break;
    case 0x10: v += pcrelBase; break;
    case 0x30: v += dataBase; break;
    default: throw new DwarfError(`unsupported pointer encoding base ${hex(enc)}`);
  }
  return v & MASK64;
}

/** Run CFA instructions until the location passes `pc` (DWARF 5 section 6.4.2). */
function execute(insns: Uint8Array, cie: Cie, st: State, initial: Map<number, Rule> | undefined, start: bigint, pc: bigint): void {
  const r = new Reader(insns);
  let loc = start;
  const stack: State[] = [];
  const ca = BigInt(cie.codeAlign);
  const da = cie.dataAlign;
  const restore = (reg: number): void => {
    const rule = initial?.get(reg);
    if (rule) st.rules.set(reg, rule);
    else st.rules.delete(reg);
  };
  try {
    while (r.pos < r.end) {
      const op = r.u8();
      const hi2 = op & 0xc0;
      const low = op & 0x3f;
      if (hi2 === 0x40) { loc += BigInt(low) * ca; if (loc > pc) return; continue; }
      if (hi2 === 0x80) { st.rules.set(low, { k: 'offset', n: r.uleb() * da }); continue; }
      if (hi2 === 0xc0) { restore(low); continue; }
      switch (op) {
        case 0x00: break; // nop
        case 0x01: loc = r.addr(cie.addrSize); if (loc > pc) return; break; // set_loc
        case 0x02: loc += BigInt(r.u8()) * ca; if (loc > pc) return; break;
        case 0x03: loc += BigInt(r.u16()) * ca; if (loc > pc) return; break;
        case 0x04: loc += BigInt(r.u32()) * ca; if (loc > pc) return; break;
        case 0x05: { const reg = r.uleb(); st.rules.set(reg, { k: 'offset', n: r.uleb() * da }); break; }
        case 0x06: restore(r.uleb()); break;
        case 0x07: st.rules.set(r.uleb(), { k: 'undefined' }); break;
        case 0x08: st.rules.set(r.uleb(), { k: 'same' }); break;
        case 0x09: { const reg = r.uleb(); st.rules.set(reg, { k: 'register', r: r.uleb() }); break; }
        case 0x0a: stack.push({ cfaReg: st.cfaReg, cfaOff: st.cfaOff, cfaExpr: st.cfaExpr, rules: new Map(st.rules) }); break;
        case 0x0b: { // restore_state (the CFA rule is part of the saved row)
          const s = stack.pop();
          if (s) { st.cfaReg = s.cfaReg; st.cfaOff = s.cfaOff; st.cfaExpr = s.cfaExpr; st.rules = s.rules; }
          break;
        }
        case 0x0c: st.cfaReg = r.uleb(); st.cfaOff = r.uleb(); st.cfaExpr = undefined; break;
        case 0x0d: st.cfaReg = r.uleb(); st.cfaExpr = undefined; break;
        case 0x0e: st.cfaOff = r.uleb(); break;
        case 0x0f: st.cfaExpr = r.bytes(r.uleb()); break;
        case 0x10: { const reg = r.uleb(); st.rules.set(reg, { k: 'expr', e: r.bytes(r.uleb()) }); break; }
        case 0x11: { const reg = r.uleb(); st.rules.set(reg, { k: 'offset', n: r.sleb() * da }); break; }
        case 0x12: st.cfaReg = r.uleb(); st.cfaOff = r.sleb() * da; st.cfaExpr = undefined; break;
        case 0x13: st.cfaOff = r.sleb() * da; break;
        case 0x14: { const reg = r.uleb(); st.rules.set(reg, { k: 'valOffset', n: r.uleb() * da }); break; }
        case 0x15: { const reg = r.uleb(); st.rules.set(reg, { k: 'valOffset', n: r.sleb() * da }); break; }
        case 0x16: { const reg = r.uleb(); st.rules.set(reg, { k: 'valExpr', e: r.bytes(r.uleb()) }); break; }
        case 0x2e: r.uleb(); break; // GNU_args_size
        case 0x2f: { const reg = r.uleb(); st.rules.set(reg, { k: 'offset', n: -r.uleb() * da }); break; }
        default: return; // unknown opcode: stop with the rules so far
      }
    }
  } catch {
    // truncated instructions: keep the rules established so far
  }
}
