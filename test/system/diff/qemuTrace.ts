/**
 * QEMU side of the differential test: command line, device-tree preparation, and a
 * streaming parser for QEMU's per-instruction CPU log.
 *
 * QEMU 7.2 is run with `-singlestep -d cpu,nochain -D <fifo>`: every translation block
 * holds one instruction, chaining is off, and the full CPU state is printed before each
 * block executes. The log goes through a named pipe and is parsed as it arrives, so
 * nothing is written to disk however long the run (each record is ~1.3 KB). The pipe
 * gives natural back-pressure: QEMU blocks while the consumer is behind.
 *
 * Record layout (QEMU 7.2, target/riscv/cpu.c riscv_cpu_dump_state with H):
 *   " V      =   0\n" (the virtualization mode; printed only when the CPU has H), then
 *   " pc       0000000000001000\n", then one "name value" line per CSR (mhartid, mstatus,
 *   hstatus, vsstatus, mip, mie, mideleg, hideleg, medeleg, hedeleg, mtvec, stvec, vstvec,
 *   mepc, sepc, vsepc, mcause, scause, vscause, mtval, stval, htval, mtval2, mscratch,
 *   sscratch, satp), then 8 lines of 4 "xN/abi value" pairs. Without H the V line and the
 *   H CSRs are absent and a record starts at its pc line; both forms are recognised.
 * The layout is fixed-width, so after the first record the values are read at fixed
 * offsets; a record that does not fit the learned layout is parsed as text.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { closeSync, constants as FS, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { readFdt, writeFdt } from '../../../emulator/boards/fdt';

export const QEMU_BIN = process.env.HYPERSTEP_QEMU ?? 'qemu-system-riscv64';

/**
 * CPU properties matching what HyperStep implements: RV64IMAFDC + Zicsr + Zifencei
 * (+ Zicntr, always present in QEMU), Zba/Zbb/Zbc/Zbs, Zihintpause, S and U modes, MMU
 * (Sv39/Sv48/Sv57), 16 PMP entries, Sstc, Svinval, priv spec 1.12, and the hypervisor
 * extension H (HyperStep's harts always have misa.H); no V (QEMU 7.2 has no Zicond, Zicbom,
 * Zicboz). Svnapot/Svpbmt stay off: with either on, QEMU 7.2 stops faulting on
 * the reserved PTE bits 60:54 and ignores menvcfg.PBMTE = 0 and PBMT = 3 (vm_napot.elf is run
 * on QEMU by `make -C guests priv-qemu` instead). mvendorid/marchid/mimpid as in HyperStep
 * (MachineId in emulator/hart/csrNumbers.ts),
 * and pmu-num=0 leaves no programmable hpm counters (HyperStep's read as zero).
 */
export const QEMU_CPU = [
  'rv64', 'i=true', 'm=true', 'a=true', 'f=true', 'd=true', 'c=true', 's=true', 'u=true',
  'Zicsr=true', 'Zifencei=true', 'h=true', 'v=false', 'Zfh=false', 'Zfhmin=false',
  'zba=true', 'zbb=true', 'zbc=true', 'zbs=true', 'Zihintpause=true',
  'svinval=true', 'svnapot=false', 'svpbmt=false', 'sscofpmf=false', 'sstc=true',
  'mmu=true', 'pmp=true', 'x-epmp=false', 'priv_spec=v1.12.0',
  'mvendorid=0', 'marchid=0x4853', 'mimpid=0x100', 'pmu-num=0',
].join(',');

/** Device-tree nodes of QEMU's virt that HyperStep has no device for. */
export const NODES_NOT_IN_HYPERSTEP = ['fw-cfg', 'flash', 'platform-bus', 'pci'];

export interface MachineConfig {
  /** Firmware ELF (started at the reset vector) or 'none'. */
  bios: string;
  /** Kernel ELF (with bios 'none': the program itself). */
  kernel?: string;
  append?: string;
  /** Initial ramdisk (QEMU -initrd; HyperStep places it the same way). */
  initrd?: string;
  ramMiB: number;
}

export function qemuAvailable(): boolean {
  const r = spawnSync(QEMU_BIN, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export function qemuVersion(): string {
  const r = spawnSync(QEMU_BIN, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : 'unavailable';
}

function machineArgs(cfg: MachineConfig, monitor = 'none'): string[] {
  const a = ['-M', 'virt', '-cpu', QEMU_CPU, '-m', `${cfg.ramMiB}M`, '-smp', '1',
    '-nodefaults', '-display', 'none', '-monitor', monitor, '-bios', cfg.bios];
  if (cfg.kernel !== undefined) a.push('-kernel', cfg.kernel);
  if (cfg.append !== undefined) a.push('-append', cfg.append);
  if (cfg.initrd !== undefined) a.push('-initrd', cfg.initrd);
  return a;
}

/** A fresh private temporary directory (removed by the caller). */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hs-difftest-'));
}

/**
 * The device tree both machines boot with. QEMU's tree for this configuration is dumped
 * (`-machine virt,dumpdtb=`); nodes of devices HyperStep lacks are dropped (so software
 * probes them on neither side). QEMU gets that tree through `-dtb`. QEMU re-packs a
 * loaded tree and (7.2) rewrites /chosen/rng-seed at every reset, so the bytes HyperStep
 * gets (`createMachine({ dtb })`) are read back from QEMU's RAM after reset, with
 * `-seed` making the rng-seed identical in the traced run.
 */
export function prepareDtb(cfg: MachineConfig, dir: string, trim = true): { path: string; blob: Uint8Array; dropped: string[] } {
  const dump = (out: string, extra: string[]): Uint8Array => {
    const args = machineArgs(cfg).map((x) => (x === 'virt' ? `virt,dumpdtb=${out}` : x));
    const r = spawnSync(QEMU_BIN, [...args, ...extra], { encoding: 'utf8' });
    if (!existsSync(out)) throw new Error(`QEMU did not dump its device tree: ${r.stderr || r.stdout}`);
    return readFileSync(out);
  };
  const tree = readFdt(dump(join(dir, 'qemu-virt.dtb'), []));
  const dropped: string[] = [];
  const prune = (n: typeof tree.root): void => {
    n.children = n.children.filter((c) => {
      const base = c.name.split('@')[0];
      if (trim && NODES_NOT_IN_HYPERSTEP.includes(base)) { dropped.push(c.name); return false; }
      return true;
    });
    n.children.forEach(prune);
  };
  prune(tree.root);
  const path = join(dir, 'difftest.dtb');
  writeFileSync(path, writeFdt(tree));
  const placed = dump(join(dir, 'difftest-placed.dtb'), ['-dtb', path]);
  const total = new DataView(placed.buffer, placed.byteOffset).getUint32(4, false);
  // QEMU copies the re-packed tree plus the buffer space after it (dumpdtb writes the same).
  const blob = readQemuFdt(cfg, path, dir, placed.length + 4096, total);
  if (blob.length < total || Buffer.compare(Buffer.from(blob.subarray(0, 8)), Buffer.from(placed.subarray(0, 8))) !== 0) {
    throw new Error('the device tree read back from QEMU does not match the dumped one');
  }
  return { path, blob, dropped };
}

/** Where QEMU 7.2 puts the FDT: 2 MiB-aligned below the end of RAM (at most 3 GiB). */
export function fdtAddress(cfg: MachineConfig, size: number): number {
  const base = 0x80000000, end = Math.min(base + cfg.ramMiB * 1024 * 1024, 3 * 1024 * 1024 * 1024);
  return Math.floor((end - size) / (2 * 1024 * 1024)) * 2 * 1024 * 1024;
}

/**
 * The FDT bytes exactly as QEMU placed them in RAM after reset (QEMU 7.2 re-randomizes
 * /chosen/rng-seed at every reset; `-seed` makes that deterministic but it differs from
 * the dumped tree). Read through the monitor's pmemsave with the machine stopped (-S).
 */
function readQemuFdt(cfg: MachineConfig, dtbPath: string, dir: string, size: number, minSize: number): Uint8Array {
  const out = join(dir, 'qemu-fdt-ram.bin');
  const addr = fdtAddress(cfg, size);
  const args = [...machineArgs(cfg, 'stdio'), '-dtb', dtbPath, ...SEED_ARGS, '-S'];
  const r = spawnSync(QEMU_BIN, args, {
    input: `pmemsave 0x${addr.toString(16)} ${size} "${out}"\nquit\n`, encoding: 'utf8', timeout: 30000,
  });
  if (!existsSync(out)) throw new Error(`could not read QEMU's FDT from RAM: ${(r.stderr || r.stdout).split(String.fromCharCode(27)).join('').slice(-300)}`);
  let blob: Uint8Array = readFileSync(out);
  let n = blob.length;
  while (n > minSize && blob[n - 1] === 0) n--; // RAM around it is zero on both sides
  blob = blob.subarray(0, n);
  return blob;
}

/** Deterministic guest randomness in QEMU (the FDT's rng-seed). */
export const SEED_ARGS = ['-seed', '1'];

/** One CPU-state record from QEMU's log. Arrays are reused between records. */
export class QemuRecord {
  /** pc as a signed number (HyperStep's convention). */
  pc = 0;
  /** Virtualization mode V (0 or 1; -1 when the record has no V line: CPU without H). */
  virt = -1;
  readonly xl = new Int32Array(32);
  readonly xh = new Int32Array(32);
  /** Raw bytes of the record (valid only during the callback). */
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  private layout: Layout | null = null;

  /** A CSR value printed in the record (mstatus, mcause, ...), as [lo, hi], or undefined. */
  csr(name: string): [number, number] | undefined {
    const text = this.text();
    const m = new RegExp(`^ ${name}\\s+([0-9a-f]{16})$`, 'm').exec(text);
    if (m === null) return undefined;
    return [parseInt(m[1].slice(8), 16) | 0, parseInt(m[1].slice(0, 8), 16) | 0];
  }

  text(): string {
    return this.buf.toString('latin1', this.start, this.end);
  }

  /** @internal */
  setLayout(l: Layout | null): void { this.layout = l; }
  /** @internal */
  getLayout(): Layout | null { return this.layout; }
}

interface Layout {
  length: number;
  pcOff: number;
  /** Offset of the V digit, or -1 (no V line). */
  vOff: number;
  /** Offsets of x0..x31 values. */
  xOff: number[];
}

function hex8(b: Buffer, o: number): number {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const c = b[o + i];
    v = (v << 4) | (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return v | 0;
}

/** Learn the fixed layout from one record's text. Returns null if it does not parse. */
function learnLayout(text: string): Layout | null {
  const pc = /^ pc\s+([0-9a-f]{16})$/m.exec(text);
  const v = /^ V\s+=\s+([01])\n/.exec(text);
  if (pc === null || pc.index !== (v === null ? 0 : v[0].length)) return null;
  const xOff: number[] = new Array<number>(32).fill(-1);
  const re = / x(\d+)\/\w+\s+([0-9a-f]{16})/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const i = Number(m[1]);
    xOff[i] = m.index + m[0].length - 16;
  }
  if (xOff.some((o) => o < 0)) return null;
  return { length: text.length, pcOff: pc.index + pc[0].length - 16, vOff: v === null ? -1 : v[0].length - 2, xOff };
}

/** Fill rec from bytes [s, e) of buf using layout l (which fits). */
function fillFixed(rec: QemuRecord, buf: Buffer, s: number, l: Layout): void {
  const pcHi = hex8(buf, s + l.pcOff), pcLo = hex8(buf, s + l.pcOff + 8);
  rec.pc = pcHi * 4294967296 + (pcLo >>> 0);
  rec.virt = l.vOff < 0 ? -1 : buf[s + l.vOff] - 48;
  const xl = rec.xl, xh = rec.xh, xo = l.xOff;
  for (let i = 1; i < 32; i++) {
    const o = s + xo[i];
    xh[i] = hex8(buf, o);
    xl[i] = hex8(buf, o + 8);
  }
  rec.buf = buf; rec.start = s; rec.end = s + l.length;
}

/** Fill rec by parsing text (fallback for records that do not fit the learned layout). */
function fillText(rec: QemuRecord, buf: Buffer, s: number, e: number): boolean {
  const text = buf.toString('latin1', s, e);
  const l = learnLayout(text);
  if (l === null) return false;
  const tmp = Buffer.from(text, 'latin1');
  fillFixed(rec, tmp, 0, l);
  rec.buf = buf; rec.start = s; rec.end = e;
  return true;
}

const PC_MARK = Buffer.from('\n pc ', 'latin1');
const V_MARK = Buffer.from('\n V ', 'latin1');

export interface TraceEnd {
  /** 'eof': QEMU closed the log (it exited); 'stopped': the consumer asked to stop. */
  reason: 'eof' | 'stopped';
  records: number;
  qemuStatus: number | null;
  qemuStderr: string;
  /** Text that was not a CPU record (should be empty). */
  junk: string;
}

export interface TraceRun {
  done: Promise<TraceEnd>;
  /** Stop early (kills QEMU). */
  stop(): void;
}

/**
 * Start QEMU on `cfg` with the given device tree, streaming its CPU log through a FIFO.
 * `onRecord` is called synchronously for each record; return false to stop.
 */
export function startQemuTrace(cfg: MachineConfig, dtbPath: string, dir: string,
  onRecord: (r: QemuRecord) => boolean, consoleFile?: string): TraceRun {
  const fifo = join(dir, 'cpu.fifo');
  rmSync(fifo, { force: true });
  const mk = spawnSync('mkfifo', [fifo]);
  if (mk.status !== 0) throw new Error(`mkfifo failed: ${mk.stderr?.toString()}`);
  // Reader first (non-blocking open succeeds without a writer), then a placeholder
  // writer so that the reader sees no EOF before QEMU has opened the pipe.
  const rfd = openSync(fifo, FS.O_RDONLY | FS.O_NONBLOCK);
  let placeholder: number | null = openSync(fifo, FS.O_WRONLY | FS.O_NONBLOCK);
  const dropPlaceholder = (): void => {
    if (placeholder !== null) { closeSync(placeholder); placeholder = null; }
  };
  const args = [...machineArgs(cfg), '-dtb', dtbPath, ...SEED_ARGS,
    '-serial', consoleFile !== undefined ? `file:${consoleFile}` : 'null',
    '-singlestep', '-d', 'cpu,nochain', '-D', fifo];
  const child: ChildProcess = spawn(QEMU_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  // Never leave QEMU behind (it would keep running after the reader is gone).
  const killOnExit = (): void => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  child.on('exit', () => process.removeListener('exit', killOnExit));
  const sock = new Socket({ fd: rfd, readable: true, writable: false });

  let records = 0;
  let stopped = false;
  let leftover: Buffer | null = null;
  let junk = '';
  const rec = new QemuRecord();
  let layout: Layout | null = null;
  // A record starts at its V line (CPU with H) or at its pc line (without); decided by
  // the first record.
  let mark: Buffer | null = null;

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    sock.pause();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    sock.destroy();
    dropPlaceholder();
  };

  const consume = (chunk: Buffer, final: boolean): void => {
    let buf = chunk;
    if (leftover !== null) { buf = Buffer.concat([leftover, chunk]); leftover = null; }
    let s = 0;
    const n = buf.length;
    while (!stopped && s < n) {
      if (mark === null) {
        if (n - s < 4 && !final) break;
        mark = buf[s] === 0x20 && buf[s + 1] === 0x56 && buf[s + 2] === 0x20 ? V_MARK : PC_MARK;
      }
      // Every record starts with " V " or " pc " (mark without its newline).
      if (buf[s] !== 0x20 || buf[s + 1] !== mark[2] || buf[s + 2] !== mark[3]) {
        if (n - s < 4 && !final) break;
        const next = buf.indexOf(mark, s);
        if (next < 0) { if (final) { junk += buf.toString('latin1', s, n); s = n; } break; }
        junk += buf.toString('latin1', s, next + 1);
        s = next + 1;
        continue;
      }
      let ok = false;
      if (layout !== null && s + layout.length <= n && buf[s + layout.length - 1] === 0x0a &&
          (s + layout.length === n || buf[s + layout.length] === 0x20)) {
        fillFixed(rec, buf, s, layout);
        s += layout.length;
        ok = true;
      } else {
        const next = buf.indexOf(mark, s + 1);
        if (next < 0 && !final) break;
        const e = next < 0 ? n : next + 1;
        if (layout === null) layout = learnLayout(buf.toString('latin1', s, e));
        ok = fillText(rec, buf, s, e);
        if (!ok) junk += buf.toString('latin1', s, e);
        s = e;
      }
      if (ok) {
        records++;
        if (!onRecord(rec)) stop();
      }
    }
    if (!stopped && s < n) leftover = buf.subarray(s);
  };

  const done = new Promise<TraceEnd>((resolve) => {
    let ended = false, exited = false;
    let status: number | null = null;
    const finish = (): void => {
      if (!(ended && exited)) return;
      resolve({ reason: stopped ? 'stopped' : 'eof', records, qemuStatus: status, qemuStderr: stderr, junk });
    };
    sock.on('data', (chunk: Buffer) => {
      dropPlaceholder();
      if (!stopped) consume(chunk, false);
    });
    sock.on('end', () => {
      if (!stopped && leftover !== null) { const l = leftover; leftover = null; consume(l, true); }
      ended = true; finish();
    });
    sock.on('close', () => { ended = true; finish(); });
    sock.on('error', () => { ended = true; finish(); });
    child.on('exit', (code) => {
      status = code;
      exited = true;
      dropPlaceholder(); // if QEMU never wrote anything, let the reader see EOF
      finish();
    });
    child.on('error', (e) => {
      stderr += String(e);
      exited = true;
      dropPlaceholder();
      finish();
    });
  });
  return { done, stop };
}
