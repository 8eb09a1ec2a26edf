/**
 * A small WebAssembly module emitter (WebAssembly core spec 2.0, chapter 5 "Binary
 * Format"): value types, LEB128 integers, function bodies with locals and structured
 * control (block, loop, if, br, br_table) and a module with imported memory and
 * imported functions. It writes bytes into growable byte buffers (ByteBuf: no number
 * arrays copied byte by byte, as a JIT emitting thousands of modules needs); the code
 * generator (emulator/wasm/codegen.ts) drives it. Only what the wasm tier needs is here.
 */

/** Value types (5.3.1). */
export const I32 = 0x7f, I64 = 0x7e, F64 = 0x7c;
/** Block type "empty" (5.4.1). */
export const VOID = 0x40;

/** Opcodes used by the tier (5.4). */
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22,
  i32_load: 0x28, i64_load: 0x29, f64_load: 0x2b,
  i64_load8_s: 0x30, i64_load8_u: 0x31, i64_load16_s: 0x32, i64_load16_u: 0x33,
  i64_load32_s: 0x34, i64_load32_u: 0x35,
  i32_store: 0x36, i64_store: 0x37, f64_store: 0x39, i64_store8: 0x3c, i64_store16: 0x3d, i64_store32: 0x3e,
  i32_const: 0x41, i64_const: 0x42, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_u: 0x4b, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  i64_eqz: 0x50, i64_eq: 0x51, i64_ne: 0x52, i64_lt_s: 0x53, i64_lt_u: 0x54, i64_gt_s: 0x55, i64_gt_u: 0x56,
  i64_le_s: 0x57, i64_le_u: 0x58, i64_ge_s: 0x59, i64_ge_u: 0x5a,
  f64_eq: 0x61, f64_ne: 0x62,
  i32_clz: 0x67, i32_ctz: 0x68, i32_popcnt: 0x69, i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c,
  i32_div_s: 0x6d, i32_div_u: 0x6e, i32_rem_s: 0x6f, i32_rem_u: 0x70, i32_and: 0x71, i32_or: 0x72, i32_xor: 0x73,
  i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76, i32_rotl: 0x77, i32_rotr: 0x78,
  i64_clz: 0x79, i64_ctz: 0x7a, i64_popcnt: 0x7b, i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e,
  i64_div_s: 0x7f, i64_div_u: 0x80, i64_rem_s: 0x81, i64_rem_u: 0x82, i64_and: 0x83, i64_or: 0x84, i64_xor: 0x85,
  i64_shl: 0x86, i64_shr_s: 0x87, i64_shr_u: 0x88, i64_rotl: 0x89, i64_rotr: 0x8a,
  f64_add: 0xa0, f64_sub: 0xa1,
  i32_wrap_i64: 0xa7, i32_trunc_f64_u: 0xab, i64_extend_i32_s: 0xac, i64_extend_i32_u: 0xad,
  i64_trunc_f64_s: 0xb0, f64_convert_i64_s: 0xb9,
  i64_extend8_s: 0xc2, i64_extend16_s: 0xc3, i64_extend32_s: 0xc4,
} as const;

/** Where bytes go: a ByteBuf or a plain array. */
export interface ByteOut { push(b: number): unknown }

/** A growable byte buffer. */
export class ByteBuf implements ByteOut {
  bytes = new Uint8Array(512);
  length = 0;

  push(b: number): void {
    if (this.length === this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = b;
  }
  /** Append bytes [0, n) of src. */
  append(src: Uint8Array, n = src.length): void {
    this.reserve(n);
    this.bytes.set(src.subarray(0, n), this.length);
    this.length += n;
  }
  /** Room for n more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.bytes.subarray(0, this.length));
    this.bytes = b;
  }
}

/** Unsigned LEB128 (5.2.2) of a non-negative integer below 2^53. */
export function uleb(out: ByteOut, v: number): void {
  if (v < 128) { out.push(v); return; }
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 of an integer with |v| < 2^53 (exact in a double). */
export function sleb(out: ByteOut, v: number): void {
  if (v >= -64 && v < 64) { out.push(v & 127); return; }
  for (;;) {
    const b = ((v % 128) + 128) % 128;
    v = (v - b) / 128;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

/** Signed LEB128 of any 64-bit integer given as a bigint. */
export function slebBig(out: ByteOut, v: bigint): void {
  v = BigInt.asIntN(64, v);
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

const F64_SCRATCH = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64_SCRATCH.buffer);

/** One function body under construction, with a label stack for relative branches. */
export class FuncBody {
  readonly code = new ByteBuf();
  private readonly localTypes: number[] = [];
  private readonly labels: unknown[] = [];

  constructor(readonly nParams: number) {}

  /** A new local of type t; returns its index. */
  local(t: number): number {
    this.localTypes.push(t);
    return this.nParams + this.localTypes.length - 1;
  }

  op(...bytes: number[]): this { for (const b of bytes) this.code.push(b); return this; }
  get(i: number): this { this.code.push(Op.local_get); uleb(this.code, i); return this; }
  set(i: number): this { this.code.push(Op.local_set); uleb(this.code, i); return this; }
  tee(i: number): this { this.code.push(Op.local_tee); uleb(this.code, i); return this; }
  i32(v: number): this { this.code.push(Op.i32_const); sleb(this.code, v | 0); return this; }
  i64(v: number): this { this.code.push(Op.i64_const); sleb(this.code, v); return this; }
  i64big(v: bigint): this { this.code.push(Op.i64_const); slebBig(this.code, v); return this; }
  f64(v: number): this {
    this.code.push(Op.f64_const);
    F64_SCRATCH[0] = v;
    for (let k = 0; k < 8; k++) this.code.push(F64_BYTES[k]);
    return this;
  }
  /** A memory access with alignment hint 0 and a constant offset. */
  mem(opcode: number, offset: number): this { this.code.push(opcode); this.code.push(0); uleb(this.code, offset); return this; }
  call(f: number): this { this.code.push(Op.call); uleb(this.code, f); return this; }

  /** Open a block, loop or if; `label` names it for br(). */
  open(opcode: number, label: unknown, type = VOID): this {
    this.code.push(opcode);
    this.code.push(type);
    this.labels.push(label);
    return this;
  }
  else(): this { this.code.push(Op.else); return this; }
  end(): this { this.code.push(Op.end); this.labels.pop(); return this; }
  /** Relative depth of a label (5.4.1 "labels are indexed relatively"). */
  depth(label: unknown): number {
    const k = this.labels.lastIndexOf(label);
    if (k < 0) throw new Error('wasm emitter: unknown label');
    return this.labels.length - 1 - k;
  }
  /** call_indirect through table 0 with type index t (5.4.1). */
  callIndirect(t: number): this { this.code.push(0x11); uleb(this.code, t); this.code.push(0x00); return this; }
  br(label: unknown): this { this.code.push(Op.br); uleb(this.code, this.depth(label)); return this; }
  brIf(label: unknown): this { this.code.push(Op.br_if); uleb(this.code, this.depth(label)); return this; }
  brTable(targets: unknown[], dflt: unknown): this {
    this.code.push(Op.br_table);
    uleb(this.code, targets.length);
    for (const t of targets) uleb(this.code, this.depth(t));
    uleb(this.code, this.depth(dflt));
    return this;
  }

  /** Append the encoded body (size, local declarations run-length grouped, code). */
  encodeTo(out: ByteBuf): void {
    const head = new ByteBuf();
    let groups = 0;
    for (let k = 0; k < this.localTypes.length; k++) if (k === 0 || this.localTypes[k] !== this.localTypes[k - 1]) groups++;
    uleb(head, groups);
    for (let k = 0; k < this.localTypes.length;) {
      const t = this.localTypes[k];
      let n = 0;
      while (k < this.localTypes.length && this.localTypes[k] === t) { n++; k++; }
      uleb(head, n); head.push(t);
    }
    uleb(out, head.length + this.code.length + 1);
    out.append(head.bytes, head.length);
    out.append(this.code.bytes, this.code.length);
    out.push(Op.end);
  }
}

export interface FuncType { params: number[]; results: number[] }

function section(out: ByteBuf, id: number, body: ByteBuf): void {
  out.push(id);
  uleb(out, body.length);
  out.append(body.bytes, body.length);
}

function name(out: ByteOut, s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

/**
 * A module: imports memory `env.mem` (minPages) and functions `env.<name>`, defines
 * functions (each with its type) and exports them by name. Imported functions take
 * the first indices (5.5.2).
 */
export function buildModule(minPages: number, imports: { name: string; type: FuncType }[],
  funcs: { name: string; type: FuncType; body: FuncBody }[], opts: { table?: number; types?: FuncType[] } = {}): Uint8Array {
  const types: FuncType[] = [];
  const typeIndex = (t: FuncType): number => {
    const k = types.findIndex((x) => x.params.join() === t.params.join() && x.results.join() === t.results.join());
    if (k >= 0) return k;
    types.push(t);
    return types.length - 1;
  };
  for (const t of opts.types ?? []) typeIndex(t);
  const importIdx = imports.map((i) => typeIndex(i.type));
  const funcIdx = funcs.map((f) => typeIndex(f.type));
  const out = new ByteBuf();
  for (const b of [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]) out.push(b);
  const ts = new ByteBuf();
  uleb(ts, types.length);
  for (const t of types) {
    ts.push(0x60);
    uleb(ts, t.params.length); for (const p of t.params) ts.push(p);
    uleb(ts, t.results.length); for (const r of t.results) ts.push(r);
  }
  section(out, 1, ts);
  const is = new ByteBuf();
  uleb(is, imports.length + 1 + (opts.table !== undefined ? 1 : 0));
  name(is, 'env'); name(is, 'mem'); is.push(0x02); is.push(0x00); uleb(is, minPages);
  // A funcref table env.tbl (5.5.5 import desc 0x01, 5.3.6 table type).
  if (opts.table !== undefined) { name(is, 'env'); name(is, 'tbl'); is.push(0x01); is.push(0x70); is.push(0x00); uleb(is, opts.table); }
  imports.forEach((imp, k) => { name(is, 'env'); name(is, imp.name); is.push(0x00); uleb(is, importIdx[k]); });
  section(out, 2, is);
  const fs = new ByteBuf();
  uleb(fs, funcs.length);
  for (const k of funcIdx) uleb(fs, k);
  section(out, 3, fs);
  const es = new ByteBuf();
  uleb(es, funcs.length);
  funcs.forEach((f, k) => { name(es, f.name); es.push(0x00); uleb(es, imports.length + k); });
  section(out, 7, es);
  const cs = new ByteBuf();
  uleb(cs, funcs.length);
  for (const f of funcs) f.body.encodeTo(cs);
  section(out, 10, cs);
  return out.bytes.slice(0, out.length);
}
