/**
 * Debian's riscv64 Linux kernel and a busybox initramfs for booting Linux on
 * the emulated virt board.
 *
 * ensureLinuxImages() fetches `linux-image-riscv64` (resolved to its current
 * versioned package) and `busybox-static` from Debian trixie with apt under a
 * private configuration kept in the cache directory (the system's apt sources
 * are only read, for the archive URI; signatures are checked against the
 * system keyring), extracts them with dpkg-deb, decompresses the kernel
 * modules and writes modules.dep (the package leaves that to depmod in its
 * postinst). A manifest with versions and sha256 sums makes later calls
 * offline. buildInitramfs() turns the result into a deterministic cpio newc
 * archive with busybox, an /init script and the chosen modules.
 * See docs/linux.md.
 */
import { execFile, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync,
} from 'fs';
import { cpus, homedir } from 'os';
import { basename, join, relative } from 'path';
import { gunzipSync } from 'zlib';
import { type CpioEntry, normalizeCpioPath, writeCpio } from './cpio';

export interface LinuxImages {
  /** Kernel release as `uname -r` prints it, e.g. "6.12.117+deb13-riscv64". */
  version: string;
  /** The flat Image (EFI stub, booted by OpenSBI at 0x80200000). */
  kernel: string;
  /** Static riscv64 busybox. */
  busybox: string;
  /** /lib/modules/<version>: decompressed .ko files, modules.dep, modules.builtin. */
  modulesDir: string;
}

export interface InitramfsOptions {
  images: LinuxImages;
  /** Modules to load (with their dependencies, from modules.dep), by name. Default DEFAULT_MODULES. */
  modules?: string[];
  /** Shell commands /init runs after the setup; default: an interactive shell. `poweroff -f` always follows. */
  script?: string;
  /** Extra files: path in the archive -> contents (mode 0755 when they start with "#!", else 0644). */
  files?: Record<string, Uint8Array | string>;
  /** Extra files with their modes (see InitramfsFile), added last: they replace entries of the same path. */
  extraFiles?: readonly InitramfsFile[];
}

/** A file to place into an initramfs. */
export interface InitramfsFile {
  /** Absolute path in the guest, e.g. "/usr/bin/vmm". */
  path: string;
  data: Uint8Array | string;
  /** Permission bits; default 0755 for ELF executables and "#!" scripts, else 0644. */
  mode?: number;
}

export class LinuxImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinuxImageError';
  }
}

export const DEFAULT_MODULES: readonly string[] = ['virtio_mmio', 'virtio_blk', 'virtio_rng'];
export const SUITE = 'trixie';
export const KERNEL_METAPACKAGE = 'linux-image-riscv64';
export const BUSYBOX_PACKAGE = 'busybox-static';
export const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
const DEFAULT_ARCHIVE = 'http://deb.debian.org/debian';
const MANIFEST = 'manifest.json';
const MANIFEST_FORMAT = 1;
const FETCH_HINT = 'npx tsx scripts/fetchLinux.ts (see docs/linux.md)';

/** Cache directory: $HYPERSTEP_LINUX_CACHE, else $XDG_CACHE_HOME/hyperstep/linux, else ~/.cache/hyperstep/linux. */
export function defaultCacheDir(): string {
  if (process.env.HYPERSTEP_LINUX_CACHE) return process.env.HYPERSTEP_LINUX_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hyperstep', 'linux');
}

// ---------------------------------------------------------------------------
// apt sources and commands

/**
 * The main Debian archive URI of an apt configuration (deb822 .sources or
 * one-line sources.list text): the first `deb` source whose suites are not
 * -security/-updates/-backports ones. undefined when there is none.
 */
export function parseArchiveUri(text: string): string | undefined {
  const isMain = (uri: string, suites: string[]): boolean =>
    /^https?:\/\//.test(uri) && !/security/.test(uri) && suites.some((s) => !/[-/](security|updates|backports)$/.test(s));
  if (/^\s*(Types|URIs)\s*:/im.test(text)) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string): string[] => {
        const m = new RegExp(`^${name}\\s*:(.*)$`, 'im').exec(stanza);
        return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
      };
      if (field('Enabled')[0]?.toLowerCase() === 'no' || !field('Types').includes('deb')) continue;
      const uri = field('URIs').find((u) => isMain(u, field('Suites')));
      if (uri) return uri.replace(/\/+$/, '');
    }
    return undefined;
  }
  for (const line of text.split('\n')) {
    const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m && isMain(m[1], [m[2]])) return m[1].replace(/\/+$/, '');
  }
  return undefined;
}

function systemArchiveUri(): string {
  for (const f of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    try {
      const uri = parseArchiveUri(readFileSync(f, 'utf8'));
      if (uri) return uri;
    } catch { /* absent */ }
  }
  return DEFAULT_ARCHIVE;
}

/** The line of apt's output worth showing: its last E: line (not the "Some index files failed" summary), else W:, else the last one. */
export function lastAptError(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l && !/^[EW]: Some index files failed/.test(l));
  return lines.filter((l) => l.startsWith('E:')).pop() ?? lines.filter((l) => l.startsWith('W:')).pop() ?? lines.pop() ?? '';
}

/** Run a command; resolves with its stdout (and stderr), rejects with a LinuxImageError naming its last error line. */
function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs: number }): Promise<string> {
  return runBoth(cmd, args, opts).then((r) => r.stdout);
}

function runBoth(cmd: string, args: string[], opts: { cwd?: string; timeoutMs: number }): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, {
      cwd: opts.cwd, timeout: opts.timeoutMs, maxBuffer: 64 << 20, killSignal: 'SIGKILL',
      env: { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' },
    }, (err, stdout, stderr) => {
      if (!err) { resolve({ stdout, stderr }); return; }
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      const why = e.code === 'ENOENT' ? `${cmd} not found`
        : e.killed ? `timed out after ${Math.round(opts.timeoutMs / 1000)} s`
          : lastAptError(`${stdout}\n${stderr}`) || err.message;
      reject(new LinuxImageError(`${cmd} ${args.find((a) => !a.startsWith('-') && !a.includes('::')) ?? ''} failed: ${why}`));
    });
  });
}

class Apt {
  readonly opts: string[];
  constructor(readonly dir: string, readonly archive: string) {
    for (const d of ['lists/partial', 'archives/partial']) mkdirSync(join(dir, d), { recursive: true });
    const sources = join(dir, `${SUITE}.sources`);
    writeFileSync(sources, `Types: deb\nURIs: ${archive}\nSuites: ${SUITE}\nComponents: main\nSigned-By: ${KEYRING}\n`);
    const status = join(dir, 'status');
    if (!existsSync(status)) writeFileSync(status, '');
    this.opts = [
      '-o', `Dir::Etc::sourcelist=${sources}`, '-o', 'Dir::Etc::sourceparts=-',
      '-o', `Dir::State::lists=${join(dir, 'lists')}`, '-o', `Dir::State::status=${status}`,
      '-o', `Dir::Cache::archives=${join(dir, 'archives')}`,
      '-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache=',
      '-o', 'APT::Architecture=riscv64', '-o', 'APT::Architectures::=riscv64', '-o', 'Debug::NoLocking=1',
    ];
    // Root's downloads would otherwise go through the _apt user, who cannot write to the cache.
    if (process.getuid?.() === 0) this.opts.push('-o', 'APT::Sandbox::User=root');
  }
  /** apt-get update; fails when an index failed to download or verify (apt alone only warns). */
  async update(): Promise<void> {
    const r = await runBoth('apt-get', [...this.opts, '-o', 'APT::Update::Error-Mode=any', '-q', 'update'], { timeoutMs: 300_000 });
    const lists = readdirSync(join(this.dir, 'lists'));
    if (!lists.some((f) => f.endsWith(`_dists_${SUITE}_InRelease`)) || !lists.some((f) => /_binary-riscv64_Packages/.test(f))) {
      throw new LinuxImageError(`apt-get update failed: ${lastAptError(`${r.stdout}\n${r.stderr}`) || `no ${SUITE} riscv64 index in ${join(this.dir, 'lists')}`}`);
    }
  }
  cache(...args: string[]): Promise<string> { return run('apt-cache', [...this.opts, ...args], { timeoutMs: 120_000 }); }
  download(pkg: string, cwd: string): Promise<string> {
    return run('apt-get', [...this.opts, '-q', 'download', pkg], { cwd, timeoutMs: 900_000 });
  }
}

/** Fields of the first stanza of `apt-cache show` output. */
function controlFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n\n')[0].split('\n')) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The cache

interface FileRecord { path: string; size: number; sha256: string }

interface Manifest {
  format: number;
  archive: string;
  suite: string;
  version: string;
  kernelPackage: string;
  kernelPackageVersion: string;
  busyboxPackageVersion: string;
  kernel: FileRecord;
  busybox: FileRecord;
  modulesDir: string;
  modules: number;
  modulesCompression: string;
  debs: FileRecord[];
  fetchSeconds: number;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function fileRecord(cacheDir: string, path: string): FileRecord {
  return { path: relative(cacheDir, path), size: statSync(path).size, sha256: sha256File(path) };
}

/** The images a manifest describes if its files are all present and intact; else undefined (with the reason). */
function fromManifest(cacheDir: string): { images?: LinuxImages; why: string } {
  const mf = join(cacheDir, MANIFEST);
  if (!existsSync(mf)) return { why: `no ${MANIFEST}` };
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
  } catch (e) {
    return { why: `unreadable ${MANIFEST}: ${(e as Error).message}` };
  }
  if (m.format !== MANIFEST_FORMAT) return { why: `${MANIFEST} has format ${m.format}` };
  for (const f of [m.kernel, m.busybox]) {
    const p = join(cacheDir, f.path);
    if (!existsSync(p) || statSync(p).size !== f.size) return { why: `${f.path} is missing or has the wrong size` };
    if (sha256File(p) !== f.sha256) return { why: `${f.path} does not match its sha256` };
  }
  const modulesDir = join(cacheDir, m.modulesDir);
  if (!existsSync(join(modulesDir, 'modules.dep'))) return { why: `${m.modulesDir}/modules.dep is missing` };
  return {
    images: { version: m.version, kernel: join(cacheDir, m.kernel.path), busybox: join(cacheDir, m.busybox.path), modulesDir },
    why: '',
  };
}

/**
 * Download (once) into cacheDir (default defaultCacheDir()), verify, extract.
 * A second call with the files present does not touch the network. The archive
 * is $HYPERSTEP_DEBIAN_ARCHIVE if set, else the main Debian URI of the system's apt
 * sources (suite trixie regardless of the system's release).
 */
export async function ensureLinuxImages(opts: { cacheDir?: string; log?: (line: string) => void; offline?: boolean } = {}): Promise<LinuxImages> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  let log = opts.log ?? ((_line: string): void => {});
  const cached = fromManifest(cacheDir);
  if (cached.images) return cached.images;
  if (opts.offline) {
    throw new LinuxImageError(`no usable Linux images cached in ${cacheDir} (${cached.why}) and offline: fetch them first with ${FETCH_HINT}`);
  }
  const t0 = Date.now();
  const userLog = log;
  log = (line) => userLog(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  mkdirSync(cacheDir, { recursive: true });
  const archive = (process.env.HYPERSTEP_DEBIAN_ARCHIVE || systemArchiveUri()).replace(/\/+$/, '');
  const apt = new Apt(join(cacheDir, 'apt'), archive);
  const hint = `; fetch by hand as docs/linux.md shows, or check network access to ${archive}`;
  const wrap = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      throw e instanceof LinuxImageError ? new LinuxImageError(e.message + hint) : e;
    }
  };

  log(`apt-get update: ${archive} ${SUITE} main riscv64 (signed by ${KEYRING})`);
  await wrap(apt.update());
  const depends = await wrap(apt.cache('depends', KERNEL_METAPACKAGE));
  const kernelPackage = /Depends:\s*(linux-image-\S+)/.exec(depends)?.[1];
  if (!kernelPackage) throw new LinuxImageError(`${KERNEL_METAPACKAGE} does not depend on a linux-image package:\n${depends.trim()}`);
  log(`${KERNEL_METAPACKAGE} -> ${kernelPackage}`);

  const debsDir = join(cacheDir, 'debs');
  mkdirSync(debsDir, { recursive: true });
  const debs: { pkg: string; version: string; path: string }[] = [];
  for (const pkg of [kernelPackage, BUSYBOX_PACKAGE]) {
    const f = controlFields(await wrap(apt.cache('show', '--no-all-versions', pkg)));
    const version = f.get('Version'), sha = f.get('SHA256'), filename = f.get('Filename');
    if (!version || !sha || !filename) throw new LinuxImageError(`apt-cache show ${pkg}: no Version/SHA256/Filename`);
    const path = join(debsDir, basename(filename));
    if (existsSync(path) && sha256File(path) === sha) {
      log(`${basename(path)}: cached`);
    } else {
      log(`downloading ${pkg} ${version} (${(Number(f.get('Size') ?? 0) / 1e6).toFixed(1)} MB)`);
      const tmp = join(debsDir, `tmp-${process.pid}`);
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
      await wrap(apt.download(pkg, tmp));
      const got = readdirSync(tmp).filter((n) => n.endsWith('.deb'));
      if (got.length !== 1) throw new LinuxImageError(`apt-get download ${pkg} left ${got.length} .deb files in ${tmp}`);
      if (sha256File(join(tmp, got[0])) !== sha) throw new LinuxImageError(`${got[0]}: sha256 differs from the signed index`);
      renameSync(join(tmp, got[0]), path);
      rmSync(tmp, { recursive: true, force: true });
    }
    debs.push({ pkg, version, path });
  }

  // Extract both packages into one tree, then move it into place.
  for (const stale of readdirSync(cacheDir).filter((n) => n.startsWith('tmp-root-'))) {
    // Left by an interrupted fetch (an hour old: not a concurrent one).
    if (Date.now() - statSync(join(cacheDir, stale)).mtimeMs > 3600_000) rmSync(join(cacheDir, stale), { recursive: true, force: true });
  }
  const tmpRoot = join(cacheDir, `tmp-root-${process.pid}`);
  rmSync(tmpRoot, { recursive: true, force: true });
  mkdirSync(tmpRoot);
  for (const d of debs) {
    log(`extracting ${basename(d.path)}`);
    await run('dpkg-deb', ['-x', d.path, tmpRoot], { timeoutMs: 300_000 });
  }
  const modRoot = ['usr/lib/modules', 'lib/modules'].map((p) => join(tmpRoot, p)).find((p) => existsSync(p));
  const versions = modRoot ? readdirSync(modRoot) : [];
  if (!modRoot || versions.length !== 1) throw new LinuxImageError(`${kernelPackage}: expected one lib/modules/<version> directory, found ${versions.length}`);
  const version = versions[0];
  const vmlinux = join(tmpRoot, 'boot', `vmlinux-${version}`);
  if (!existsSync(vmlinux)) throw new LinuxImageError(`${kernelPackage}: no /boot/vmlinux-${version}`);
  // Debian ships it uncompressed (an EFI-stub Image); a gzipped one is unpacked next to it.
  const shipped = readFileSync(vmlinux);
  const flat = flatImage(shipped, vmlinux);
  const image = flat === shipped ? vmlinux : join(tmpRoot, 'boot', `Image-${version}`);
  if (image !== vmlinux) writeFileSync(image, flat);
  const busybox = ['usr/bin/busybox', 'bin/busybox'].map((p) => join(tmpRoot, p)).find((p) => existsSync(p));
  if (!busybox) throw new LinuxImageError(`${BUSYBOX_PACKAGE}: no /usr/bin/busybox`);

  const modulesTmp = join(modRoot, version);
  const compression = await decompressModules(modulesTmp, log);
  const count = writeModulesDep(modulesTmp);
  log(`modules.dep: ${count} modules`);

  const root = join(cacheDir, version);
  rmSync(root, { recursive: true, force: true });
  renameSync(tmpRoot, root);
  const moved = (p: string): string => join(root, relative(tmpRoot, p));
  const manifest: Manifest = {
    format: MANIFEST_FORMAT, archive, suite: SUITE, version,
    kernelPackage, kernelPackageVersion: debs[0].version, busyboxPackageVersion: debs[1].version,
    kernel: fileRecord(cacheDir, moved(image)), busybox: fileRecord(cacheDir, moved(busybox)),
    modulesDir: relative(cacheDir, moved(modulesTmp)), modules: count, modulesCompression: compression,
    debs: debs.map((d) => fileRecord(cacheDir, d.path)),
    fetchSeconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  writeFileSync(join(cacheDir, `${MANIFEST}.tmp`), JSON.stringify(manifest, null, 2) + '\n');
  renameSync(join(cacheDir, `${MANIFEST}.tmp`), join(cacheDir, MANIFEST));
  log(`Linux ${version} ready in ${manifest.fetchSeconds} s`);
  const done = fromManifest(cacheDir);
  if (!done.images) throw new LinuxImageError(`cache ${cacheDir} inconsistent after fetching: ${done.why}`);
  return done.images;
}

/** The flat RISC-V Image in `buf`, gunzipped if Debian shipped it gzip-compressed. */
export function flatImage(buf: Uint8Array, what: string): Uint8Array {
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const magic = Buffer.from(buf.subarray(0x30, 0x38)).toString('latin1');
  if (magic !== 'RISCV\0\0\0') {
    const zboot = Buffer.from(buf.subarray(4, 8)).toString('latin1') === 'zimg';
    throw new LinuxImageError(`${what}: not a flat RISC-V Image${zboot ? ' (an EFI zboot image, which is not supported)' : ''}`);
  }
  return buf;
}

// ---------------------------------------------------------------------------
// Modules

const COMPRESSED = /\.ko\.(xz|zst|gz)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Decompress every .ko.{xz,zst,gz} under dir in place; returns the compression(s) found ("none" if none). */
async function decompressModules(dir: string, log: (line: string) => void): Promise<string> {
  const files = walk(dir).filter((f) => COMPRESSED.test(f));
  const kinds = [...new Set(files.map((f) => COMPRESSED.exec(f)![1]))].sort();
  if (files.length === 0) return 'none';
  log(`decompressing ${files.length} modules (${kinds.join(', ')})`);
  const jobs: (() => Promise<unknown>)[] = [];
  for (const kind of kinds) {
    const list = files.filter((f) => f.endsWith(`.ko.${kind}`));
    for (let i = 0; i < list.length; i += 200) {
      const batch = list.slice(i, i + 200);
      if (kind === 'xz') jobs.push(() => run('xz', ['-d', '-q', '--', ...batch], { timeoutMs: 600_000 }));
      else if (kind === 'zst') jobs.push(() => run('zstd', ['-d', '-q', '--rm', '--', ...batch], { timeoutMs: 600_000 }));
      else {
        jobs.push(async () => {
          for (const f of batch) { writeFileSync(f.slice(0, -3), gunzipSync(readFileSync(f))); unlinkSync(f); }
        });
      }
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(4, cpus().length)) }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job();
  });
  try {
    await Promise.all(workers);
  } catch (e) {
    throw new LinuxImageError(`${(e as Error).message} (install xz-utils / zstd)`);
  }
  return kinds.join(',');
}

/** Module name of a path: basename without .ko[.xz], "-" as "_" (as the kernel and modprobe see it). */
export function moduleName(path: string): string {
  return basename(path).replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

/** Key/value strings of the .modinfo section of an ELF64 little-endian module. */
export function readModinfo(elf: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (elf.length < 64 || dv.getUint32(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) return out;
  const shoff = Number(dv.getBigUint64(0x28, true));
  const shentsize = dv.getUint16(0x3a, true), shnum = dv.getUint16(0x3c, true), shstrndx = dv.getUint16(0x3e, true);
  if (shoff + shnum * shentsize > elf.length || shstrndx >= shnum) return out;
  const sec = (i: number): { name: number; off: number; size: number } => {
    const b = shoff + i * shentsize;
    return { name: dv.getUint32(b, true), off: Number(dv.getBigUint64(b + 0x18, true)), size: Number(dv.getBigUint64(b + 0x20, true)) };
  };
  const strtab = sec(shstrndx);
  const dec = new TextDecoder();
  const cstr = (off: number): string => {
    let end = off;
    while (end < elf.length && elf[end] !== 0) end++;
    return dec.decode(elf.subarray(off, end));
  };
  for (let i = 0; i < shnum; i++) {
    const s = sec(i);
    if (cstr(strtab.off + s.name) !== '.modinfo') continue;
    for (const kv of dec.decode(elf.subarray(s.off, s.off + s.size)).split('\0')) {
      const eq = kv.indexOf('=');
      if (eq > 0 && !out.has(kv.slice(0, eq))) out.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
  }
  return out;
}

/**
 * Write modules.dep for the .ko files under modulesDir from their modinfo
 * `depends=` (as depmod does: each line lists the full closure, so that
 * loading from the end of the list backwards satisfies every dependency).
 * Lines follow modules.order, then the remaining modules sorted. Returns the count.
 */
export function writeModulesDep(modulesDir: string): number {
  const paths = walk(modulesDir).filter((f) => f.endsWith('.ko')).map((f) => relative(modulesDir, f)).sort();
  const byName = new Map<string, { path: string; deps: string[] }>();
  for (const p of paths) {
    const info = readModinfo(readFileSync(join(modulesDir, p)));
    const deps = (info.get('depends') ?? '').split(',').filter(Boolean).map((d) => d.replace(/-/g, '_'));
    byName.set(moduleName(p), { path: p, deps });
  }
  const orderFile = join(modulesDir, 'modules.order');
  const order = existsSync(orderFile) ? readFileSync(orderFile, 'utf8').split('\n').filter(Boolean) : [];
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of [...order, ...paths]) {
    const name = moduleName(p);
    const m = byName.get(name);
    if (!m || seen.has(name)) continue;
    seen.add(name);
    const load = loadOrder([name], (n) => byName.get(n)?.deps, () => undefined).filter((n) => n !== name);
    lines.push(`${m.path}: ${load.reverse().map((n) => byName.get(n)!.path).join(' ')}`.trimEnd());
  }
  writeFileSync(join(modulesDir, 'modules.dep'), lines.join('\n') + '\n');
  return lines.length;
}

/** modules.dep text -> name -> { path, deps (names, as listed) }. */
export function parseModulesDep(text: string): Map<string, { path: string; deps: string[] }> {
  const out = new Map<string, { path: string; deps: string[] }>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const path = line.slice(0, colon).trim();
    out.set(moduleName(path), { path, deps: line.slice(colon + 1).trim().split(/\s+/).filter(Boolean).map(moduleName) });
  }
  return out;
}

/**
 * Names in load order (dependencies first). Each module's deps are visited
 * from the end of the list, as modprobe does with modules.dep lines.
 * `depsOf` returns undefined for unknown modules; `missing` decides (throw,
 * or return undefined to skip, e.g. for built-in modules).
 */
function loadOrder(names: readonly string[], depsOf: (n: string) => string[] | undefined,
  missing: (n: string, neededBy?: string) => undefined): string[] {
  const out: string[] = [];
  const done = new Set<string>(), active = new Set<string>();
  const visit = (n: string, by?: string): void => {
    if (done.has(n)) return;
    if (active.has(n)) throw new LinuxImageError(`module dependency cycle through ${n}`);
    const deps = depsOf(n);
    if (!deps) { done.add(n); missing(n, by); return; }
    active.add(n);
    for (const d of [...deps].reverse()) visit(d, n);
    active.delete(n);
    done.add(n);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}

/** The modules to load for `names` (normalized), dependencies first, built-in ones left out. */
export function resolveModules(images: LinuxImages, names: readonly string[]): { name: string; path: string }[] {
  const depFile = join(images.modulesDir, 'modules.dep');
  if (!existsSync(depFile)) throw new LinuxImageError(`${depFile} is missing`);
  const dep = parseModulesDep(readFileSync(depFile, 'utf8'));
  const builtinFile = join(images.modulesDir, 'modules.builtin');
  const builtin = new Set(existsSync(builtinFile) ? readFileSync(builtinFile, 'utf8').split('\n').filter(Boolean).map(moduleName) : []);
  const order = loadOrder(names.map((n) => n.replace(/-/g, '_')), (n) => dep.get(n)?.deps, (n, by) => {
    if (builtin.has(n)) return undefined;
    const near = [...dep.keys()].filter((k) => k.includes(n) || n.includes(k)).slice(0, 5);
    throw new LinuxImageError(`module "${n}"${by ? ` (needed by ${by})` : ''} is neither in modules.dep nor built into Linux ${images.version}`
      + (near.length ? `; similar: ${near.join(', ')}` : ''));
  });
  return order.map((name) => ({ name, path: dep.get(name)!.path }));
}

/** A module's contents, decompressed (.ko.xz via xz, .ko.zst via zstd, .ko.gz via zlib). */
function readModule(modulesDir: string, path: string): Uint8Array {
  const full = join(modulesDir, path);
  const base = full.replace(COMPRESSED, '.ko');
  const candidates = [base, `${base}.xz`, `${base}.zst`, `${base}.gz`];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new LinuxImageError(`module file ${full} is missing`);
  if (found.endsWith('.gz')) return gunzipSync(readFileSync(found));
  if (found.endsWith('.xz') || found.endsWith('.zst')) {
    const tool = found.endsWith('.xz') ? 'xz' : 'zstd';
    const r = spawnSync(tool, ['-dc', '--', found], { maxBuffer: 512 << 20 });
    if (r.status !== 0) throw new LinuxImageError(`${tool} -dc ${found} failed: ${r.error?.message ?? r.stderr.toString().trim()}`);
    return r.stdout;
  }
  return readFileSync(found);
}

// ---------------------------------------------------------------------------
// The initramfs

/** Applets /init uses before `busybox --install -s` (and the default script), linked in /bin. */
const APPLETS = ['cat', 'cttyhack', 'echo', 'insmod', 'mkdir', 'mount', 'poweroff', 'setsid', 'sh', 'uname'];

export const DEFAULT_SCRIPT = [
  'echo',
  'echo "HyperStep initramfs: Linux $(uname -r), busybox $(busybox | head -n 1 | cut -d " " -f 2). Leave the shell to power off."',
  'setsid cttyhack sh',
].join('\n');

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The text of /init. */
export function initScript(version: string, modules: readonly { name: string; path: string }[], script: string): string {
  const lines = [
    '#!/bin/busybox sh',
    `# /init of a HyperStep initramfs (cli/linuxImages.ts) for Linux ${version}.`,
    'export PATH=/sbin:/bin:/usr/sbin:/usr/bin',
    'mount -t proc proc /proc',
    'mount -t sysfs sysfs /sys',
    'mount -t devtmpfs devtmpfs /dev',
    '/bin/busybox --install -s 2>/dev/null',
  ];
  for (const m of modules) {
    const ko = `/lib/modules/${version}/${m.path.replace(COMPRESSED, '.ko')}`;
    lines.push(`insmod ${shQuote(ko)} || echo ${shQuote(`init: insmod ${m.name} failed`)}`);
  }
  lines.push('# --- script ---', script.replace(/\n+$/, ''), '# --- end of script ---', 'poweroff -f', '');
  return lines.join('\n');
}

/** The cpio entry of an InitramfsFile; a bad path or mode is a LinuxImageError. */
function extraFileEntry(f: InitramfsFile): CpioEntry {
  let path: string;
  try {
    path = normalizeCpioPath(f.path);
  } catch (e) {
    throw new LinuxImageError(`initramfs file "${f.path}": ${(e as Error).message.replace(/^cpio: /, '')}`);
  }
  const head = typeof f.data === 'string' ? new TextEncoder().encode(f.data.slice(0, 4)) : f.data.subarray(0, 4);
  const executable = (head[0] === 0x23 && head[1] === 0x21) // "#!"
    || (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46); // "\x7fELF"
  const mode = f.mode ?? (executable ? 0o755 : 0o644);
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new LinuxImageError(`initramfs file "${f.path}": mode ${mode} is not a permission mode (0 to 0o7777)`);
  }
  return { type: 'file', path, data: f.data, mode };
}

/**
 * A cpio newc archive of just these files (and their parent directories), to
 * append to an initramfs: the kernel unpacks concatenated archives in order,
 * later entries replacing earlier ones. Deterministic.
 */
export function initramfsOverlay(files: readonly InitramfsFile[]): Uint8Array {
  const byPath = new Map<string, CpioEntry>();
  for (const f of files) { const e = extraFileEntry(f); byPath.set(e.path, e); }
  return writeCpio([...byPath.values()]);
}

/** A cpio newc archive (uncompressed) with busybox, /init and the chosen modules. Deterministic. */
export function buildInitramfs(opts: InitramfsOptions): Uint8Array {
  const { images } = opts;
  const mods = resolveModules(images, opts.modules ?? DEFAULT_MODULES);
  const files = new Map<string, CpioEntry>();
  const add = (e: CpioEntry): void => { files.set(e.path, e); };
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'mnt', 'run']) add({ type: 'dir', path: d });
  add({ type: 'dir', path: 'tmp', mode: 0o1777 });
  add({ type: 'dir', path: 'root', mode: 0o700 });
  // The kernel opens /dev/console for init before devtmpfs is mounted.
  add({ type: 'chardev', path: 'dev/console', major: 5, minor: 1, mode: 0o600 });
  add({ type: 'chardev', path: 'dev/null', major: 1, minor: 3, mode: 0o666 });
  add({ type: 'file', path: 'bin/busybox', data: readFileSync(images.busybox), mode: 0o755 });
  for (const a of APPLETS) add({ type: 'symlink', path: `bin/${a}`, target: 'busybox' });
  add({ type: 'file', path: 'etc/passwd', data: 'root:x:0:0:root:/root:/bin/sh\n' });
  add({ type: 'file', path: 'etc/group', data: 'root:x:0:\n' });

  const modBase = `lib/modules/${images.version}`;
  add({ type: 'dir', path: modBase });
  const kos = mods.map((m) => ({ ...m, ko: m.path.replace(COMPRESSED, '.ko') }));
  for (const m of kos) add({ type: 'file', path: `${modBase}/${m.ko}`, data: readModule(images.modulesDir, m.path) });
  // modules.dep for the included modules, so busybox modprobe works too.
  const dep = parseModulesDep(readFileSync(join(images.modulesDir, 'modules.dep'), 'utf8'));
  const koOf = new Map(kos.map((m) => [m.name, m.ko]));
  const depLines = kos.map((m) => `${m.ko}:${dep.get(m.name)!.deps.filter((d) => koOf.has(d)).map((d) => ` ${koOf.get(d)}`).join('')}`);
  add({ type: 'file', path: `${modBase}/modules.dep`, data: depLines.sort().join('\n') + (depLines.length ? '\n' : '') });
  const builtin = join(images.modulesDir, 'modules.builtin');
  if (existsSync(builtin)) add({ type: 'file', path: `${modBase}/modules.builtin`, data: readFileSync(builtin) });

  add({ type: 'file', path: 'init', data: initScript(images.version, mods, opts.script ?? DEFAULT_SCRIPT), mode: 0o755 });
  for (const [path, data] of Object.entries(opts.files ?? {})) {
    const head = typeof data === 'string' ? data.slice(0, 2) : String.fromCharCode(data[0] ?? 0, data[1] ?? 0);
    const p = path.replace(/^\/+/, '');
    add({ type: 'file', path: p, data, mode: head === '#!' ? 0o755 : 0o644 });
  }
  for (const f of opts.extraFiles ?? []) {
    const e = extraFileEntry(f);
    const clash = [...files.keys()].find((k) => k.startsWith(`${e.path}/`));
    if (clash) throw new LinuxImageError(`initramfs file "${f.path}" would replace a directory (it holds ${clash})`);
    add(e);
  }
  return writeCpio([...files.values()]);
}
