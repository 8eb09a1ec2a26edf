/**
 * cpio "newc" (SVR4, magic 070701) archives: the format of a Linux initramfs.
 * A deterministic writer (entries sorted by path, inode numbers 1, 2, ... in
 * that order, mtime 0, uid/gid 0, missing parent directories added) and a small
 * reader used by the tests. No dependency on a `cpio` binary.
 *
 * Layout of one member: a 110-byte ASCII header ("070701" and 13 fields of 8
 * hex digits: ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor,
 * rdevmajor, rdevminor, namesize including the NUL, check), the name and its
 * NUL padded with zeros so header+name is a multiple of 4, then the data
 * padded to a multiple of 4. The archive ends with a member "TRAILER!!!".
 */

export const CPIO_MAGIC = '070701';
export const CPIO_HEADER_SIZE = 110;
export const CPIO_TRAILER = 'TRAILER!!!';

/** File type bits of st_mode. */
export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_IFCHR = 0o020000;

export type CpioEntry =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; data: Uint8Array | string; mode?: number }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'chardev'; path: string; major: number; minor: number; mode?: number };

/** One member as read back from an archive. */
export interface CpioRecord {
  name: string;
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  mtime: number;
  devmajor: number;
  devminor: number;
  rdevmajor: number;
  rdevminor: number;
  data: Uint8Array;
  /** Byte offset of the header in the archive. */
  offset: number;
}

export class CpioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CpioError';
  }
}

/** Archive name of a path: no leading "/" or "./", no trailing "/", no empty or ".." components. */
export function normalizeCpioPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) throw new CpioError(`cpio: empty path "${path}"`);
  if (parts.includes('..')) throw new CpioError(`cpio: ".." in path "${path}"`);
  return parts.join('/');
}

const enc = new TextEncoder();
const toBytes = (d: Uint8Array | string): Uint8Array => (typeof d === 'string' ? enc.encode(d) : d);
const pad4 = (n: number): number => (4 - (n & 3)) & 3;

function hex8(v: number, field: string): string {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new CpioError(`cpio: ${field} ${v} does not fit in 32 bits`);
  return v.toString(16).padStart(8, '0');
}

interface Member {
  name: string;
  mode: number;
  nlink: number;
  rdevmajor: number;
  rdevminor: number;
  data: Uint8Array;
}

function memberBytes(m: Member, ino: number): Uint8Array {
  const name = enc.encode(m.name);
  const namesize = name.length + 1;
  const header = CPIO_MAGIC
    + hex8(ino, 'ino') + hex8(m.mode, 'mode') + hex8(0, 'uid') + hex8(0, 'gid') + hex8(m.nlink, 'nlink')
    + hex8(0, 'mtime') + hex8(m.data.length, `size of ${m.name}`) + hex8(0, 'devmajor') + hex8(0, 'devminor')
    + hex8(m.rdevmajor, 'rdevmajor') + hex8(m.rdevminor, 'rdevminor') + hex8(namesize, 'namesize') + hex8(0, 'check');
  const headLen = CPIO_HEADER_SIZE + namesize;
  const total = headLen + pad4(headLen) + m.data.length + pad4(m.data.length);
  const out = new Uint8Array(total); // zero-filled: the NUL and the padding
  out.set(enc.encode(header), 0);
  out.set(name, CPIO_HEADER_SIZE);
  out.set(m.data, headLen + pad4(headLen));
  return out;
}

function toMember(e: CpioEntry, name: string): Member {
  switch (e.type) {
    case 'dir':
      return { name, mode: S_IFDIR | ((e.mode ?? 0o755) & 0o7777), nlink: 2, rdevmajor: 0, rdevminor: 0, data: new Uint8Array(0) };
    case 'file':
      return { name, mode: S_IFREG | ((e.mode ?? 0o644) & 0o7777), nlink: 1, rdevmajor: 0, rdevminor: 0, data: toBytes(e.data) };
    case 'symlink':
      if (e.target === '') throw new CpioError(`cpio: empty symlink target for "${name}"`);
      return { name, mode: S_IFLNK | 0o777, nlink: 1, rdevmajor: 0, rdevminor: 0, data: enc.encode(e.target) };
    case 'chardev':
      return { name, mode: S_IFCHR | ((e.mode ?? 0o600) & 0o7777), nlink: 1, rdevmajor: e.major, rdevminor: e.minor, data: new Uint8Array(0) };
  }
}

/**
 * Write a newc archive. Entries are sorted by path (so the bytes do not depend
 * on the order of `entries`), parent directories that are not listed are
 * added with mode 0755, and a path given twice is an error.
 */
export function writeCpio(entries: readonly CpioEntry[]): Uint8Array {
  const byName = new Map<string, Member>();
  for (const e of entries) {
    const name = normalizeCpioPath(e.path);
    if (name === CPIO_TRAILER) throw new CpioError(`cpio: "${CPIO_TRAILER}" is reserved`);
    if (byName.has(name)) throw new CpioError(`cpio: duplicate path "${name}"`);
    byName.set(name, toMember(e, name));
  }
  for (const name of [...byName.keys()]) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const existing = byName.get(dir);
      if (!existing) byName.set(dir, toMember({ type: 'dir', path: dir }, dir));
      else if ((existing.mode & S_IFMT) !== S_IFDIR) throw new CpioError(`cpio: "${dir}" is not a directory but "${name}" is inside it`);
    }
  }
  // Plain code-unit order: a directory sorts before everything inside it.
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const chunks: Uint8Array[] = names.map((n, i) => memberBytes(byName.get(n)!, i + 1));
  chunks.push(memberBytes({ name: CPIO_TRAILER, mode: 0, nlink: 1, rdevmajor: 0, rdevminor: 0, data: new Uint8Array(0) }, 0));
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.length; }
  return out;
}

/** Read every member of a newc archive up to (not including) the trailer. */
export function readCpio(buf: Uint8Array): CpioRecord[] {
  const dec = new TextDecoder();
  const out: CpioRecord[] = [];
  let off = 0;
  for (;;) {
    if (off + CPIO_HEADER_SIZE > buf.length) throw new CpioError(`cpio: truncated header at offset ${off}`);
    const magic = dec.decode(buf.subarray(off, off + 6));
    if (magic !== CPIO_MAGIC) throw new CpioError(`cpio: bad magic "${magic}" at offset ${off}`);
    const f: number[] = [];
    for (let i = 0; i < 13; i++) {
      const s = dec.decode(buf.subarray(off + 6 + i * 8, off + 14 + i * 8));
      if (!/^[0-9a-fA-F]{8}$/.test(s)) throw new CpioError(`cpio: bad header field ${i} "${s}" at offset ${off}`);
      f.push(parseInt(s, 16));
    }
    const [ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize] = f;
    const headLen = CPIO_HEADER_SIZE + namesize;
    if (namesize < 1 || off + headLen > buf.length || buf[off + headLen - 1] !== 0) {
      throw new CpioError(`cpio: bad name at offset ${off}`);
    }
    const name = dec.decode(buf.subarray(off + CPIO_HEADER_SIZE, off + headLen - 1));
    const dataOff = off + headLen + pad4(headLen);
    if (dataOff + filesize > buf.length) throw new CpioError(`cpio: truncated data of "${name}"`);
    if (name === CPIO_TRAILER) return out;
    out.push({
      name, ino, mode, uid, gid, nlink, mtime, devmajor, devminor, rdevmajor, rdevminor,
      data: buf.slice(dataOff, dataOff + filesize), offset: off,
    });
    off = dataOff + filesize + pad4(filesize);
  }
}
