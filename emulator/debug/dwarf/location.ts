/**
 * DWARF expression evaluator (DWARF 5 sections 2.5 and 2.6): a stack machine over
 * unsigned 64-bit values producing a ValueLoc: a memory address, a register location
 * (DW_OP_reg*), an implicit value (DW_OP_implicit_value, DW_OP_stack_value) or
 * optimizedOut. Composite locations (DW_OP_piece) are assembled into bytes when they
 * span several pieces. Unsupported operations make the result optimizedOut.
 */

import type { FrameAccess, ValueLoc } from '../model';
import { MASK64, Reader, toSigned64 } from './reader';

export interface EvalContext {
  frame: FrameAccess;
  /** Frame base (DW_AT_frame_base evaluated), on demand for DW_OP_fbreg. */
  frameBase?: () => bigint | undefined;
  /** CFA of the frame (DW_OP_call_frame_cfa). */
  cfa?: () => bigint | undefined;
  /** .debug_addr entry (DW_OP_addrx / DW_OP_constx). */
  addrx?: (index: number) => bigint | undefined;
  /** Values pushed before evaluation (e.g. the CFA for DW_CFA_expression). */
  initialStack?: bigint[];
  /** Size of the object described, to trim DW_OP_stack_value results. */
  size?: number;
}

class Unavailable extends Error {}

const MAX_STEPS = 10000;

function le(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = value & MASK64;
  for (let i = 0; i < size && i < 8; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

function fromLe(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = Math.min(b.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** Evaluate to an address-like value (for DW_AT_frame_base and CFI expressions). */
export function evalValue(expr: Uint8Array, ctx: EvalContext): bigint | undefined {
  const loc = evaluate(expr, ctx);
  if (loc.kind === 'memory') return loc.address;
  if (loc.kind === 'register') return ctx.frame.readReg(loc.reg);
  if (loc.kind === 'bytes') return fromLe(loc.bytes);
  return undefined;
}

interface Piece { loc: ValueLoc; size: number }

export function evaluate(expr: Uint8Array, ctx: EvalContext): ValueLoc {
  try {
    return run(expr, ctx);
  } catch {
    return { kind: 'optimizedOut' };
  }
}

function run(expr: Uint8Array, ctx: EvalContext): ValueLoc {
  if (expr.length === 0) return { kind: 'optimizedOut' };
  const r = new Reader(expr);
  const st: bigint[] = ctx.initialStack ? ctx.initialStack.slice() : [];
  const pieces: Piece[] = [];
  let current: ValueLoc | undefined; // set by reg/implicit/stack_value ops
  const pop = (): bigint => {
    const v = st.pop();
    if (v === undefined) throw new Unavailable('stack underflow');
    return v;
  };
  const push = (v: bigint): void => { st.push(v & MASK64); };
  const reg = (n: number): bigint => {
    const v = ctx.frame.readReg(n);
    if (v === undefined) throw new Unavailable(`register ${n} unavailable`);
    return v;
  };
  const mem = (addr: bigint, size: number): bigint => {
    const b = ctx.frame.readMemory(addr, size);
    if (!b || b.length < size) throw new Unavailable('memory unreadable');
    return fromLe(b);
  };
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Unavailable('value unavailable');
    return v;
  };
  for (let steps = 0; r.pos < r.end; steps++) {
    if (steps > MAX_STEPS) throw new Unavailable('expression does not terminate');
    const op = r.u8();
    if (op >= 0x30 && op <= 0x4f) { push(BigInt(op - 0x30)); continue; } // DW_OP_lit<n>
    if (op >= 0x50 && op <= 0x6f) { current = { kind: 'register', reg: op - 0x50 }; continue; } // DW_OP_reg<n>
    if (op >= 0x70 && op <= 0x8f) { push(reg(op - 0x70) + r.slebBig()); continue; } // DW_OP_breg<n>
    switch (op) {
      case 0x03: push(r.u64()); break; // addr (RV64: 8-byte addresses)
      case 0x06: push(mem(pop(), 8)); break; // deref
      case 0x08: push(BigInt(r.u8())); break;
      case 0x09: push(BigInt(r.i8())); break;
      case 0x0a: push(BigInt(r.u16())); break;
      case 0x0b: push(BigInt(r.i16())); break;
      case 0x0c: push(BigInt(r.u32())); break;
      case 0x0d: push(BigInt(r.i32())); break;
      case 0x0e: push(r.u64()); break;
      case 0x0f: push(r.i64()); break;
      case 0x10: push(r.ulebBig()); break; // constu
      case 0x11: push(r.slebBig()); break; // consts
      case 0x12: { const v = pop(); push(v); push(v); break; } // dup
      case 0x13: pop(); break; // drop
      case 0x14: { if (st.length < 2) throw new Unavailable('over'); push(st[st.length - 2]); break; }
      case 0x15: { const i = r.u8(); if (i >= st.length) throw new Unavailable('pick'); push(st[st.length - 1 - i]); break; }
      case 0x16: { const a = pop(); const b = pop(); push(a); push(b); break; } // swap
      case 0x17: { const a = pop(); const b = pop(); const c = pop(); push(a); push(c); push(b); break; } // rot
      case 0x19: { const a = toSigned64(pop()); push(a < 0n ? -a : a); break; } // abs
      case 0x1a: { const b = pop(); push(pop() & b); break; }
      case 0x1b: { const b = toSigned64(pop()); const a = toSigned64(pop()); if (b === 0n) throw new Unavailable('div0'); push(a / b); break; }
      case 0x1c: { const b = pop(); push(pop() - b); break; } // minus
      case 0x1d: { const b = pop(); const a = pop(); if (b === 0n) throw new Unavailable('mod0'); push(a % b); break; }
      case 0x1e: { const b = pop(); push(pop() * b); break; }
      case 0x1f: push(-pop()); break; // neg
      case 0x20: push(~pop()); break; // not
      case 0x21: { const b = pop(); push(pop() | b); break; }
      case 0x22: { const b = pop(); push(pop() + b); break; } // plus
      case 0x23: push(pop() + r.ulebBig()); break; // plus_uconst
      case 0x24: { const b = pop(); const a = pop(); push(b >= 64n ? 0n : a << b); break; }
      case 0x25: { const b = pop(); const a = pop(); push(b >= 64n ? 0n : a >> b); break; }
      case 0x26: { const b = pop(); const a = toSigned64(pop()); push(a >> (b >= 64n ? 63n : b)); break; }
      case 0x27: { const b = pop(); push(pop() ^ b); break; }
      case 0x28: { const off = r.i16(); if (pop() !== 0n) r.pos += off; break; } // bra
      case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: {
        const b = toSigned64(pop()); const a = toSigned64(pop());
        const res = op === 0x29 ? a === b : op === 0x2a ? a >= b : op === 0x2b ? a > b : op === 0x2c ? a <= b : op === 0x2d ? a < b : a !== b;
        push(res ? 1n : 0n);
        break;
      }
      case 0x2f: { const off = r.i16(); r.pos += off; break; } // skip
      case 0x90: current = { kind: 'register', reg: r.uleb() }; break; // regx
      case 0x91: push(need(ctx.frameBase?.()) + r.slebBig()); break; // fbreg
      case 0x92: { const n = r.uleb(); push(reg(n) + r.slebBig()); break; } // bregx
      case 0x93: { // piece
        const size = r.uleb();
        const loc: ValueLoc = current ?? (st.length > 0 ? { kind: 'memory', address: pop() } : { kind: 'optimizedOut' });
        pieces.push({ loc, size });
        current = undefined;
        break;
      }
      case 0x94: { const n = r.u8(); push(mem(pop(), n)); break; } // deref_size
      case 0x96: break; // nop
      case 0x9c: push(need(ctx.cfa?.())); break; // call_frame_cfa
      case 0x9e: { const n = r.uleb(); current = { kind: 'bytes', bytes: r.bytes(n).slice() }; break; } // implicit_value
      case 0x9f: { // stack_value
        const size = ctx.size && ctx.size > 0 && ctx.size < 8 ? ctx.size : 8;
        current = { kind: 'bytes', bytes: le(pop(), size) };
        break;
      }
      case 0xa1: case 0xa2: push(need(ctx.addrx?.(r.uleb()))); break; // addrx, constx
      case 0xa3: case 0xf3: // entry_value, GNU_entry_value: needs the caller's state
        return { kind: 'optimizedOut' };
      case 0xa0: case 0xf2: // implicit_pointer
        return { kind: 'optimizedOut' };
      default:
        return { kind: 'optimizedOut' };
    }
  }
  if (pieces.length > 0) return combinePieces(pieces, ctx);
  if (current) return current;
  if (st.length === 0) return { kind: 'optimizedOut' };
  return { kind: 'memory', address: st[st.length - 1] };
}

/** One piece covering the object keeps its lvalue; several are read into bytes. */
function combinePieces(pieces: Piece[], ctx: EvalContext): ValueLoc {
  const first = pieces[0];
  if (pieces.length === 1 || (ctx.size !== undefined && first.size >= ctx.size)) return first.loc;
  const total = pieces.reduce((n, p) => n + p.size, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    let bytes: Uint8Array | undefined;
    if (p.loc.kind === 'memory') bytes = ctx.frame.readMemory(p.loc.address, p.size);
    else if (p.loc.kind === 'register') {
      const v = ctx.frame.readReg(p.loc.reg);
      bytes = v === undefined ? undefined : le(v, Math.min(p.size, 8));
    } else if (p.loc.kind === 'bytes') bytes = p.loc.bytes.subarray(0, p.size);
    if (!bytes) return { kind: 'optimizedOut' };
    out.set(bytes.subarray(0, p.size), at);
    at += p.size;
  }
  return { kind: 'bytes', bytes: out };
}
