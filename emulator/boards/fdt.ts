/**
 * Flattened device tree (DTB) writer and reader.
 *
 * Devicetree Specification v0.4, ch. 5 "Flattened Devicetree (DTB) Format":
 * 5.2 header (magic 0xd00dfeed, ten big-endian u32 fields), 5.3 memory reservation
 * block (pairs of u64 address/size ended by 0/0, 8-byte aligned), 5.4 structure block
 * (FDT_BEGIN_NODE=1 + NUL-terminated name padded to 4, FDT_END_NODE=2, FDT_PROP=3 +
 * {len, nameoff} + value padded to 4, FDT_NOP=4, FDT_END=9), 5.5 strings block.
 * Property value encodings per ch. 2.2.4 (u32/u64 big-endian, cells, strings,
 * stringlists, empty). We write version 17 / last compatible version 16.
 *
 * A tree is plain FdtNode objects; phandles are ordinary u32 "phandle" properties
 * (FdtNode.setPhandle / PhandleAllocator) so references are just cell values.
 */

export const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;
const HEADER_SIZE = 40;
const TWO32 = 0x100000000;

export interface FdtProp {
  name: string;
  value: Uint8Array;
}

export interface FdtReservation {
  address: number;
  size: number;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** Split a number < 2^64 (exact below 2^53) into big-endian u32 cells. */
function u64Cells(v: number): [number, number] {
  return [Math.floor(v / TWO32) >>> 0, v % TWO32 >>> 0];
}

/** Encode u32 cells as big-endian bytes. */
export function encodeCells(cells: readonly number[]): Uint8Array {
  const out = new Uint8Array(cells.length * 4);
  const dv = new DataView(out.buffer);
  cells.forEach((c, i) => dv.setUint32(i * 4, c >>> 0));
  return out;
}

/** Encode strings as a NUL-separated stringlist. */
export function encodeStrings(list: readonly string[]): Uint8Array {
  const parts = list.map((s) => utf8.encode(s));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length + 1;
  }
  return out;
}

export class FdtNode {
  name: string;
  props: FdtProp[] = [];
  children: FdtNode[] = [];

  constructor(name: string) {
    this.name = name;
  }

  // --- building ----------------------------------------------------------------------

  /** Append a child node and return it. */
  addChild(name: string): FdtNode {
    const n = new FdtNode(name);
    this.children.push(n);
    return n;
  }

  /** Set (replace or append) a raw property. */
  setBytes(name: string, value: Uint8Array): this {
    const existing = this.props.find((p) => p.name === name);
    if (existing) existing.value = value;
    else this.props.push({ name, value });
    return this;
  }

  setEmpty(name: string): this {
    return this.setBytes(name, new Uint8Array(0));
  }

  setU32(name: string, v: number): this {
    return this.setBytes(name, encodeCells([v]));
  }

  setU64(name: string, v: number): this {
    return this.setBytes(name, encodeCells(u64Cells(v)));
  }

  setCells(name: string, cells: readonly number[]): this {
    return this.setBytes(name, encodeCells(cells));
  }

  setString(name: string, s: string): this {
    return this.setBytes(name, encodeStrings([s]));
  }

  setStrings(name: string, list: readonly string[]): this {
    return this.setBytes(name, encodeStrings(list));
  }

  /** `reg` with the given #address-cells / #size-cells (1 or 2 each). */
  setReg(entries: ReadonlyArray<readonly [number, number]>, addressCells = 2, sizeCells = 2): this {
    const cells: number[] = [];
    const put = (v: number, n: number): void => {
      if (n === 2) cells.push(...u64Cells(v));
      else cells.push(v >>> 0);
    };
    for (const [addr, size] of entries) {
      put(addr, addressCells);
      put(size, sizeCells);
    }
    return this.setCells('reg', cells);
  }

  setPhandle(ph: number): this {
    return this.setU32('phandle', ph);
  }

  // --- querying ----------------------------------------------------------------------

  prop(name: string): FdtProp | undefined {
    return this.props.find((p) => p.name === name);
  }

  has(name: string): boolean {
    return this.prop(name) !== undefined;
  }

  child(name: string): FdtNode | undefined {
    return this.children.find((c) => c.name === name);
  }

  /** Node name without the unit address. */
  get baseName(): string {
    const at = this.name.indexOf('@');
    return at < 0 ? this.name : this.name.slice(0, at);
  }

  getCells(name: string): number[] | undefined {
    const p = this.prop(name);
    if (!p || p.value.length % 4 !== 0) return undefined;
    const dv = new DataView(p.value.buffer, p.value.byteOffset, p.value.length);
    const out: number[] = [];
    for (let i = 0; i < p.value.length; i += 4) out.push(dv.getUint32(i));
    return out;
  }

  getU32(name: string): number | undefined {
    const c = this.getCells(name);
    return c && c.length === 1 ? c[0] : undefined;
  }

  /** A 1- or 2-cell number property. */
  getU64(name: string): number | undefined {
    const c = this.getCells(name);
    if (!c) return undefined;
    if (c.length === 1) return c[0];
    if (c.length === 2) return c[0] * TWO32 + c[1];
    return undefined;
  }

  getStrings(name: string): string[] | undefined {
    const p = this.prop(name);
    if (!p) return undefined;
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < p.value.length; i++) {
      if (p.value[i] === 0) {
        out.push(utf8d.decode(p.value.subarray(start, i)));
        start = i + 1;
      }
    }
    if (start < p.value.length) out.push(utf8d.decode(p.value.subarray(start)));
    return out;
  }

  getString(name: string): string | undefined {
    const s = this.getStrings(name);
    return s && s.length > 0 ? s[0] : undefined;
  }

  /** Decode `reg` with the given cell counts into [address, size] pairs. */
  getReg(addressCells = 2, sizeCells = 2): Array<[number, number]> | undefined {
    const c = this.getCells('reg');
    if (!c) return undefined;
    const stride = addressCells + sizeCells;
    const num = (i: number, n: number): number => (n === 2 ? c[i] * TWO32 + c[i + 1] : n === 1 ? c[i] : 0);
    const out: Array<[number, number]> = [];
    for (let i = 0; i + stride <= c.length; i += stride) out.push([num(i, addressCells), num(i + addressCells, sizeCells)]);
    return out;
  }

  /** Follow a path relative to this node ("soc/serial@10000000"); "" is this node. */
  find(path: string): FdtNode | undefined {
    const parts = path.split('/').filter((p) => p !== '');
    const walk = (node: FdtNode, i: number): FdtNode | undefined => {
      if (i === parts.length) return node;
      const part = parts[i];
      const next = node.children.find((c) => c.name === part) ?? node.children.find((c) => c.baseName === part);
      return next && walk(next, i + 1);
    };
    return walk(this, 0);
  }

  /** Depth-first list of the nodes (this included) satisfying `pred`. */
  findAll(pred: (n: FdtNode) => boolean): FdtNode[] {
    const out: FdtNode[] = [];
    const walk = (n: FdtNode): void => {
      if (pred(n)) out.push(n);
      for (const c of n.children) walk(c);
    };
    walk(this);
    return out;
  }

  /** Nodes whose compatible list contains `compat`. */
  findCompatible(compat: string): FdtNode[] {
    return this.findAll((n) => (n.getStrings('compatible') ?? []).includes(compat));
  }

  /** Node with the given phandle. */
  findPhandle(ph: number): FdtNode | undefined {
    return this.findAll((n) => n.getU32('phandle') === ph)[0];
  }
}

/** Hands out phandles 1, 2, 3 … */
export class PhandleAllocator {
  next = 1;
  /** Give `node` a fresh phandle and return it. */
  assign(node: FdtNode): number {
    const ph = this.next++;
    node.setPhandle(ph);
    return ph;
  }
}

export interface FdtTree {
  root: FdtNode;
  reservations: FdtReservation[];
  bootCpuid: number;
}

export interface FdtWriteOptions {
  /** Free bytes appended after the strings block (counted in totalsize). */
  extraSpace?: number;
}

/** Serialize a tree into a DTB blob. */
export function writeFdt(tree: FdtTree, opts: FdtWriteOptions = {}): Uint8Array {
  // Strings block with deduplication.
  const strOffsets = new Map<string, number>();
  const strBytes: number[] = [];
  const nameOff = (name: string): number => {
    let off = strOffsets.get(name);
    if (off === undefined) {
      off = strBytes.length;
      strOffsets.set(name, off);
      for (const b of utf8.encode(name)) strBytes.push(b);
      strBytes.push(0);
    }
    return off;
  };

  // Structure block.
  const words: number[] = [];
  const pushBytes = (b: Uint8Array): void => {
    const padded = new Uint8Array((b.length + 3) & ~3);
    padded.set(b);
    const dv = new DataView(padded.buffer);
    for (let i = 0; i < padded.length; i += 4) words.push(dv.getUint32(i));
  };
  const emit = (node: FdtNode): void => {
    words.push(FDT_BEGIN_NODE);
    const nameBytes = utf8.encode(node.name);
    const nb = new Uint8Array(nameBytes.length + 1);
    nb.set(nameBytes);
    pushBytes(nb);
    for (const p of node.props) {
      words.push(FDT_PROP, p.value.length, nameOff(p.name));
      pushBytes(p.value);
    }
    for (const c of node.children) emit(c);
    words.push(FDT_END_NODE);
  };
  emit(tree.root);
  words.push(FDT_END);

  const rsvSize = (tree.reservations.length + 1) * 16;
  const offRsv = HEADER_SIZE; // 40 is 8-byte aligned
  const offStruct = offRsv + rsvSize;
  const sizeStruct = words.length * 4;
  const offStrings = offStruct + sizeStruct;
  const sizeStrings = strBytes.length;
  const total = ((offStrings + sizeStrings + 7) & ~7) + (opts.extraSpace ?? 0);

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const header = [FDT_MAGIC, total, offStruct, offStrings, offRsv, 17, 16, tree.bootCpuid >>> 0, sizeStrings, sizeStruct];
  header.forEach((v, i) => dv.setUint32(i * 4, v >>> 0));
  let pos = offRsv;
  for (const r of tree.reservations) {
    const [ah, al] = u64Cells(r.address);
    const [sh, sl] = u64Cells(r.size);
    dv.setUint32(pos, ah);
    dv.setUint32(pos + 4, al);
    dv.setUint32(pos + 8, sh);
    dv.setUint32(pos + 12, sl);
    pos += 16;
  }
  pos += 16; // terminator (zeros)
  for (const w of words) {
    dv.setUint32(pos, w >>> 0);
    pos += 4;
  }
  out.set(strBytes, offStrings);
  return out;
}

/** Error for malformed blobs. */
export class FdtError extends Error {
  constructor(msg: string) {
    super(`FDT: ${msg}`);
    this.name = 'FdtError';
  }
}

/** Parse a DTB blob into a tree. */
export function readFdt(blob: Uint8Array): FdtTree {
  if (blob.length < HEADER_SIZE) throw new FdtError('blob shorter than header');
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.length);
  const h = (i: number): number => dv.getUint32(i * 4);
  if (h(0) !== FDT_MAGIC) throw new FdtError('bad magic');
  const total = h(1);
  const offStruct = h(2);
  const offStrings = h(3);
  const offRsv = h(4);
  const version = h(5);
  const lastComp = h(6);
  const bootCpuid = h(7);
  const sizeStrings = h(8);
  const sizeStruct = h(9);
  if (total > blob.length) throw new FdtError('totalsize exceeds blob');
  if (version < 16 || lastComp > 17) throw new FdtError(`unsupported version ${version}/${lastComp}`);
  if (offStruct + sizeStruct > total || offStrings + sizeStrings > total) throw new FdtError('block outside blob');

  const reservations: FdtReservation[] = [];
  for (let p = offRsv; ; p += 16) {
    if (p + 16 > total) throw new FdtError('unterminated reservation map');
    const address = dv.getUint32(p) * TWO32 + dv.getUint32(p + 4);
    const size = dv.getUint32(p + 8) * TWO32 + dv.getUint32(p + 12);
    if (address === 0 && size === 0) break;
    reservations.push({ address, size });
  }

  const strAt = (off: number): string => {
    const start = offStrings + off;
    let end = start;
    while (end < offStrings + sizeStrings && blob[end] !== 0) end++;
    return utf8d.decode(blob.subarray(start, end));
  };

  let p = offStruct;
  const end = offStruct + sizeStruct;
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  for (;;) {
    if (p + 4 > end) throw new FdtError('structure block overrun');
    const tok = dv.getUint32(p);
    p += 4;
    if (tok === FDT_BEGIN_NODE) {
      let e = p;
      while (e < end && blob[e] !== 0) e++;
      const node = new FdtNode(utf8d.decode(blob.subarray(p, e)));
      p = (e + 1 + 3) & ~3;
      if (stack.length > 0) stack[stack.length - 1].children.push(node);
      else if (root) throw new FdtError('more than one root node');
      else root = node;
      stack.push(node);
    } else if (tok === FDT_PROP) {
      if (stack.length === 0) throw new FdtError('property outside a node');
      const len = dv.getUint32(p);
      const nameoff = dv.getUint32(p + 4);
      p += 8;
      if (p + len > end) throw new FdtError('property overrun');
      stack[stack.length - 1].props.push({ name: strAt(nameoff), value: blob.slice(p, p + len) });
      p = (p + len + 3) & ~3;
    } else if (tok === FDT_END_NODE) {
      if (stack.pop() === undefined) throw new FdtError('unbalanced end of node');
    } else if (tok === FDT_NOP) {
      continue;
    } else if (tok === FDT_END) {
      break;
    } else {
      throw new FdtError(`bad token ${tok}`);
    }
  }
  if (!root || stack.length !== 0) throw new FdtError('incomplete tree');
  return { root, reservations, bootCpuid };
}
