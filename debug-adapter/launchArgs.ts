/**
 * Launch arguments of a HyperStep debug session: validation, defaults and path
 * resolution, turning the `launch` request's arguments (a launch.json configuration
 * after VS Code's variable substitution) into a LaunchSpec the session can act on.
 *
 * Pure: no `vscode`, no session, no I/O except the injected `fs.isFile`. The extension
 * calls it before starting a session (so errors show up as a message box) and the
 * session calls it again in its launch request (the standalone adapter has no extension).
 *
 * What runs (the same rules as the CLI, `hyperstep run`):
 * - `program` alone: a bare-metal ELF loaded at its link address and entered in M-mode
 *   (CLI `run program`).
 * - `bios` FW + `kernel` IMAGE: the firmware boots the kernel (CLI `--bios FW --kernel
 *   IMAGE`); `program` may be omitted and then defaults to `kernel`. `bios` alone runs
 *   the firmware with no kernel.
 * - `bios` FW + `program` (no `kernel`): shorthand for `kernel` = program.
 * - `bios: "none"` + `kernel` (or `program`): the kernel runs in M-mode, like `program`.
 * - `debianLinux: true`: Debian's kernel with a busybox initramfs (CLI `hyperstep linux`); the
 *   session resolves the files (emulator/host/nodeLinuxBoot.ts, which may download them)
 *   and withLinuxBoot() fills in bios/kernel/initrd/bootargs. Until then `program` is ''.
 * In every case LaunchSpec.program is the ELF the debugger is about (symbols, DWARF,
 * breakpoints); bootImages() tells what to load.
 */
import { dirname, isAbsolute, resolve } from 'path';
import { parseRngSeed } from '../emulator/devices/seededRng';
import { isLoopback } from '../gdb-stub/server';

export interface LaunchSpec {
  /** Absolute path of the ELF being debugged: its symbols and DWARF load first. When it
   *  came from `kernel`, it may be a raw image (no symbols). */
  program: string;
  machine: 'virt' | 'spike';
  /** Firmware: an absolute path, or 'none' (the kernel runs in M-mode). */
  bios?: string;
  /** Kernel image (ELF, or raw binary loaded at 0x80200000), absolute. */
  kernel?: string;
  memoryMiB: number;
  harts: number;
  stopOnEntry: boolean;
  /** Extra ELF files (absolute) whose symbols and DWARF apply too (e.g. the firmware). */
  symbols: string[];
  /** Absolute directory that relative paths were resolved against. */
  cwd: string;
  /** True when the UART goes to a VS Code terminal (custom `hyperstep.uart` events). */
  uartTerminal: boolean;
  /** How plain integers (not addresses, pointers or registers, always hex) are shown. */
  numberFormat: 'hex' | 'decimal';
  /** Stop after this many retired instructions (undefined: no limit). */
  maxInsns?: number;
  /** Initial ramdisk (absolute path), placed where QEMU places it (CLI --initrd). */
  initrd?: string;
  /** Seed of the guest's entropy (FDT /chosen rng-seed, virtio-rng), 1..64 bytes (CLI --rng-seed). */
  rngSeed?: Uint8Array;
  /** Kernel command line (/chosen bootargs). */
  bootargs?: string;
  /** Raw disk image (absolute) for the virt board's virtio-blk (CLI --drive); guest
   *  writes stay in the machine's memory, the file is never written. */
  drive?: string;
  /** `"debianLinux": true`: boot Debian's kernel; resolved by the session (withLinuxBoot).
   *  `files`: extra initramfs files (`"linuxFiles"`, the CLI's --file), guest path ->
   *  absolute host path. */
  linux?: { script?: string; modules: string[]; files?: { guest: string; host: string }[] };
  /** Hypervisor sessions: the hypervisor's ELF (symbols for V=0), absolute. */
  hypervisor?: string;
  /** Hypervisor sessions: the guests, each a debug context with its own symbols. */
  guests?: { name: string; vmid: number; symbols: string }[];
  /** `"gdbServer"`: serve gdb's remote protocol on this address beside the session
   *  (debug-adapter/gdbServer.ts); port 0 picks a free port. A host that is not loopback
   *  needs `"gdbServerAllowRemote": true` (`remote` is then set). */
  gdbServer?: { host: string; port: number; remote: boolean };
  /** Time travel (docs/timeTravel.md): off with `"timeTravel": false`; snapshot memory
   *  budget (`"snapshotMemory"`, MiB, default 512) and interval (`"snapshotInterval"`). */
  timeTravel: false | { budgetMiB: number; interval?: number };
  /** `"restore"`: a snapshot file (absolute) the session starts from. */
  restore?: string;
}

/** The files of a Linux boot (emulator/host/nodeLinuxBoot.ts LinuxBoot). */
export interface LinuxBootFiles { bios: string; kernel: string; initrd: string; append: string }

/** Default RAM of a `"debianLinux": true` launch (as `hyperstep linux`). */
export const LINUX_MEMORY_DEFAULT_MIB = 512;

export interface LaunchFs {
  /** True when `path` (absolute) names an existing regular file. */
  isFile(path: string): boolean;
}

export const MEMORY_MIN_MIB = 1;
/** RAM starts at 0x80000000 and must end below 4 GiB + 2 GiB; same limit as the CLI. */
export const MEMORY_MAX_MIB = 4095;
export const MEMORY_DEFAULT_MIB = 128;
export const HARTS_MAX = 8;

/**
 * Validates `args` (the launch request arguments) and returns the spec, or a one-line
 * error message starting with 'HyperStep: '. `defaultCwd` (absolute) is used when
 * `args.cwd` is absent; a relative `cwd` resolves against it.
 */
export function parseLaunchArgs(args: Record<string, unknown>, fs: LaunchFs, defaultCwd: string):
  { spec: LaunchSpec } | { error: string } {
  try {
    return { spec: parse(args, fs, defaultCwd) };
  } catch (e) {
    if (e instanceof LaunchArgError) return { error: e.message };
    throw e;
  }
}

/**
 * What to load for a spec: `firmware` is loaded at its link address and entered first;
 * `kernel` (if any) is handed to it (fw_dynamic info), as emulator/runElf.ts
 * loadFirmwareAndKernel does. Mirrors cli/main.ts.
 */
export function bootImages(spec: LaunchSpec): { firmware: string; kernel?: string } {
  if (spec.bios === undefined || spec.bios === 'none') return { firmware: spec.kernel ?? spec.program };
  return spec.kernel === undefined ? { firmware: spec.bios } : { firmware: spec.bios, kernel: spec.kernel };
}

/** The spec of a `"debianLinux": true` launch once its files are known: firmware, kernel
 *  (also the program), initrd and kernel command line. */
export function withLinuxBoot(spec: LaunchSpec, boot: LinuxBootFiles): LaunchSpec {
  return { ...spec, program: boot.kernel, bios: boot.bios, kernel: boot.kernel, initrd: boot.initrd, bootargs: boot.append };
}

/** Default working directory for the standalone adapter: the program's directory when
 *  `args.program` is an absolute path, else `fallback` (e.g. process.cwd()). */
export function programDirectory(args: Record<string, unknown>, fallback: string): string {
  const p = args.program ?? args.kernel;
  return typeof p === 'string' && isAbsolute(p) ? dirname(p) : fallback;
}

/**
 * Parses a memory size: an integer number of MiB (128), or a string with an optional
 * K/M/G suffix ("256M", "1G", "131072K", "64MiB", "128"). Returns MiB, or undefined when
 * the value is not a size or not a whole number of MiB (range is checked separately).
 */
export function parseMemorySize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(v);
  if (m === null) return undefined;
  const n = Number(m[1]);
  switch (m[2].toUpperCase()) {
    case 'K': return n % 1024 === 0 ? n / 1024 : undefined;
    case 'G': return n * 1024;
    case 'T': return n * 1024 * 1024;
    default: return n; // '' or 'M'
  }
}

class LaunchArgError extends Error {}

function fail(message: string): never {
  throw new LaunchArgError(`HyperStep: ${message}`);
}

/** JSON-ish rendering of a bad value for messages: strings quoted, others as JSON. */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

function parse(args: Record<string, unknown>, fs: LaunchFs, defaultCwd: string): LaunchSpec {
  if (args.request !== undefined && args.request !== 'launch') {
    fail(`only "request": "launch" is supported (got ${show(args.request)})`);
  }

  let cwd = defaultCwd;
  if (args.cwd !== undefined) {
    if (typeof args.cwd !== 'string' || args.cwd.trim() === '') fail(`"cwd" must be a directory path (got ${show(args.cwd)})`);
    cwd = resolve(defaultCwd, args.cwd);
  }

  /** An optional path-valued field: absent, or an existing file resolved against cwd. */
  const file = (name: string, what: string): string | undefined => {
    const v = args[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') fail(`"${name}" must be the path of ${what} (got ${show(v)})`);
    const abs = resolve(cwd, v);
    if (!fs.isFile(abs)) fail(`${name} "${abs}" does not exist or is not a file`);
    return abs;
  };

  const linux = bool(args, 'debianLinux', false);
  if (!linux && (args.linuxScript !== undefined || args.linuxModules !== undefined || args.linuxFiles !== undefined)) {
    fail('"linuxScript", "linuxModules" and "linuxFiles" need "debianLinux": true');
  }
  if (linux) {
    const given = ['program', 'kernel', 'bios', 'initrd'].filter((k) => args[k] !== undefined && args[k] !== null);
    if (given.length > 0) {
      fail(`"debianLinux": true boots the cached Debian kernel with its own initramfs and firmware: leave out ${given.map((k) => `"${k}"`).join(', ')} (or drop "debianLinux")`);
    }
    if ((args.machine ?? 'virt') !== 'virt') fail(`"debianLinux": true runs on the virt board only (got "machine": ${show(args.machine)})`);
  }

  // bios: a firmware path or 'none'.
  let bios: string | undefined;
  if (args.bios === 'none') bios = 'none';
  else bios = file('bios', 'a firmware ELF, or "none"');

  let kernel = file('kernel', 'a kernel image (ELF or raw binary)');
  let program = file('program', 'a RISC-V ELF64 executable or an assembly source (.s)');

  if (program === undefined && kernel === undefined && (bios === undefined || bios === 'none') && !linux) {
    fail('set "program" in launch.json to the path of a RISC-V ELF64 executable (or "bios" and "kernel")');
  }
  if (program !== undefined && kernel !== undefined && program !== kernel) {
    fail('give either "program" or "kernel", not both (add more ELF files to "symbols")');
  }
  if (program === undefined) program = kernel ?? bios ?? ''; // '' only for linux (withLinuxBoot)
  // With a firmware, the program is what the firmware boots.
  if (bios !== undefined && bios !== 'none' && program !== bios) kernel ??= program;

  const machine = args.machine ?? 'virt';
  if (machine !== 'virt' && machine !== 'spike') fail(`"machine" must be "virt" or "spike" (got ${show(machine)})`);

  // memory (ramMiB is the deprecated spelling, still accepted when memory is absent).
  let memoryMiB = linux ? LINUX_MEMORY_DEFAULT_MIB : MEMORY_DEFAULT_MIB;
  const memName = args.memory !== undefined ? 'memory' : args.ramMiB !== undefined ? 'ramMiB' : undefined;
  if (memName !== undefined) {
    const raw = args[memName];
    const mib = memName === 'memory' ? parseMemorySize(raw) : (typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : undefined);
    if (mib === undefined) {
      fail(memName === 'memory'
        ? `"memory" must be a size like 128, "256M" or "1G" (got ${show(raw)})`
        : `"ramMiB" must be an integer number of MiB (got ${show(raw)})`);
    }
    if (mib < MEMORY_MIN_MIB || mib > MEMORY_MAX_MIB) {
      fail(`"${memName}" must be between ${MEMORY_MIN_MIB} MiB and ${MEMORY_MAX_MIB} MiB (got ${show(raw)})`);
    }
    memoryMiB = mib;
  }

  const harts = args.harts ?? 1;
  if (typeof harts !== 'number' || !Number.isInteger(harts) || harts < 1 || harts > HARTS_MAX) {
    fail(`"harts" must be an integer from 1 to ${HARTS_MAX} (got ${show(harts)})`);
  }

  const stopOnEntry = bool(args, 'stopOnEntry', !linux);
  const uartTerminal = bool(args, 'uartTerminal', false);
  const numberFormat = args.numberFormat ?? 'decimal'; // plain integers as C programmers read them; addresses are always hex
  if (numberFormat !== 'hex' && numberFormat !== 'decimal') fail(`"numberFormat" must be "hex" or "decimal" (got ${show(numberFormat)})`);

  let maxInsns: number | undefined;
  if (args.maxInsns !== undefined && args.maxInsns !== null) {
    const n = args.maxInsns;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
      fail(`"maxInsns" must be a positive integer (got ${show(n)})`);
    }
    maxInsns = n;
  }

  const initrd = file('initrd', 'an initial ramdisk (e.g. a cpio archive)');
  if (initrd !== undefined && kernel === undefined) {
    fail('"initrd" needs a kernel booted by firmware ("bios" and "kernel"): the initrd is placed relative to the kernel');
  }

  let rngSeed: Uint8Array | undefined;
  if (args.rngSeed !== undefined && args.rngSeed !== null) {
    if (typeof args.rngSeed !== 'string') fail(`"rngSeed" must be a string of hex digits, 1 to 64 bytes (got ${show(args.rngSeed)})`);
    try {
      rngSeed = parseRngSeed(args.rngSeed);
    } catch (e) {
      fail(`"rngSeed": ${(e as Error).message}`);
    }
  }

  let linuxSpec: LaunchSpec['linux'];
  if (linux) {
    const script = args.linuxScript;
    if (script !== undefined && script !== null && (typeof script !== 'string' || script.trim() === '')) {
      fail(`"linuxScript" must be shell commands as a string (got ${show(script)})`);
    }
    const mods = args.linuxModules ?? [];
    if (!Array.isArray(mods) || mods.some((m) => typeof m !== 'string' || !/^[\w-]+$/.test(m))) {
      fail(`"linuxModules" must be an array of kernel module names like "virtio_blk" (got ${show(mods)})`);
    }
    linuxSpec = { modules: mods as string[] };
    if (typeof script === 'string') linuxSpec.script = script;
    const files = linuxFilesArg(args, cwd, fs);
    if (files !== undefined) linuxSpec.files = files;
  }

  const drive = file('drive', 'a raw disk image');
  if (drive !== undefined && machine !== 'virt') fail(`"drive" needs the virt board (its virtio-blk device); got "machine": ${show(machine)}`);

  const symbols: string[] = [];
  if (args.symbols !== undefined && args.symbols !== null) {
    if (!Array.isArray(args.symbols)) fail(`"symbols" must be an array of ELF file paths (got ${show(args.symbols)})`);
    args.symbols.forEach((s: unknown, i) => {
      if (typeof s !== 'string' || s.trim() === '') fail(`"symbols"[${i}] must be the path of an ELF file (got ${show(s)})`);
      const abs = resolve(cwd, s);
      if (!fs.isFile(abs)) fail(`symbols[${i}] "${abs}" does not exist or is not a file`);
      if (abs !== program && !symbols.includes(abs)) symbols.push(abs);
    });
  }

  const hv = hypervisorArgs(args, cwd, fs);
  const gdbServer = gdbServerArg(args);
  const timeTravel = timeTravelArgs(args);
  let restore: string | undefined;
  if (args.restore !== undefined && args.restore !== null) {
    if (typeof args.restore !== 'string' || args.restore.trim() === '') fail(`"restore" must be the path of a snapshot file (got ${show(args.restore)})`);
    restore = resolve(cwd, args.restore);
    if (!fs.isFile(restore)) fail(`restore "${restore}" does not exist or is not a file`);
  }

  const spec: LaunchSpec = { program, machine, memoryMiB, harts, stopOnEntry, symbols, cwd, uartTerminal, numberFormat, timeTravel, ...hv };
  if (restore !== undefined) spec.restore = restore;
  if (bios !== undefined) spec.bios = bios;
  if (kernel !== undefined) spec.kernel = kernel;
  if (maxInsns !== undefined) spec.maxInsns = maxInsns;
  if (initrd !== undefined) spec.initrd = initrd;
  if (drive !== undefined) spec.drive = drive;
  if (rngSeed !== undefined) spec.rngSeed = rngSeed;
  if (linuxSpec !== undefined) spec.linux = linuxSpec;
  if (gdbServer !== undefined) spec.gdbServer = gdbServer;
  return spec;
}

/** `"linuxFiles"`: { "/guest/path": "host/path", ... }, files added to the Debian Linux
 *  initramfs (the CLI's `hyperstep linux --file HOST:PATH`); host paths resolve against cwd. */
function linuxFilesArg(args: Record<string, unknown>, cwd: string, fs: LaunchFs): { guest: string; host: string }[] | undefined {
  const v = args.linuxFiles;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    fail(`"linuxFiles" must be an object mapping initramfs paths to host files, like { "/workload": "build/workload" } (got ${show(v)})`);
  }
  const out: { guest: string; host: string }[] = [];
  for (const [guest, host] of Object.entries(v as Record<string, unknown>)) {
    if (!/^\/[^\0]*[^/]$/.test(guest) || guest.split('/').some((c) => c === '..' || c === '.')) {
      fail(`"linuxFiles" key ${show(guest)} must be an absolute path in the initramfs, like "/workload" (no "." or ".." components)`);
    }
    if (typeof host !== 'string' || host.trim() === '') fail(`"linuxFiles"[${show(guest)}] must be the path of a host file (got ${show(host)})`);
    const abs = resolve(cwd, host);
    if (!fs.isFile(abs)) fail(`linuxFiles[${show(guest)}] "${abs}" does not exist or is not a file`);
    out.push({ guest, host: abs });
  }
  return out;
}

/** `"timeTravel"` (default true), `"snapshotMemory"` (MiB), `"snapshotInterval"` (instructions). */
function timeTravelArgs(args: Record<string, unknown>): LaunchSpec['timeTravel'] {
  if (!bool(args, 'timeTravel', true)) return false;
  const mem = args.snapshotMemory ?? 512;
  if (typeof mem !== 'number' || !Number.isInteger(mem) || mem < 16 || mem > 65536) fail(`"snapshotMemory" must be a whole number of MiB between 16 and 65536 (got ${show(mem)})`);
  const iv = args.snapshotInterval;
  if (iv !== undefined && iv !== null && (typeof iv !== 'number' || !Number.isInteger(iv) || iv < 1000 || iv > 1e12)) {
    fail(`"snapshotInterval" must be a whole number of instructions between 1000 and 10^12 (got ${show(iv)})`);
  }
  return typeof iv === 'number' ? { budgetMiB: mem, interval: iv } : { budgetMiB: mem };
}

/** `"gdbServer"`: a port (number or string) or "HOST:PORT" ("[::1]:PORT" for IPv6), as
 *  the CLI's --gdb; a host that is not loopback only with `"gdbServerAllowRemote": true`. */
function gdbServerArg(args: Record<string, unknown>): LaunchSpec['gdbServer'] {
  const allow = bool(args, 'gdbServerAllowRemote', false);
  const v = args.gdbServer;
  if (v === undefined || v === null) return undefined;
  const m = typeof v === 'string' ? /^(?:(\[[^\]]+\]|[^:\s]+):)?(\d{1,5})$/.exec(v.trim()) : null;
  const port = typeof v === 'number' ? v : m !== null ? Number(m[2]) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`"gdbServer" must be a port (0 to 65535; 0 picks a free one) or "HOST:PORT" (got ${show(v)})`);
  }
  const host = m?.[1] === undefined ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, '');
  if (!isLoopback(host) && !allow) {
    fail(`"gdbServer" on ${host} would let anyone who reaches that address control the machine: use a loopback address, or add "gdbServerAllowRemote": true`);
  }
  return { host, port, remote: !isLoopback(host) };
}

/** `hypervisor` (an ELF) and `guests` ([{ name, vmid, symbols }]): checked here so a bad
 *  name, VMID or file fails the launch with a clear message. */
function hypervisorArgs(args: Record<string, unknown>, cwd: string, fs: LaunchFs): Pick<LaunchSpec, 'hypervisor' | 'guests'> {
  const out: Pick<LaunchSpec, 'hypervisor' | 'guests'> = {};
  const hv = args.hypervisor;
  if (hv !== undefined && hv !== null) {
    if (typeof hv !== 'string' || hv.trim() === '') fail(`"hypervisor" must be the path of the hypervisor's ELF (got ${show(hv)})`);
    const abs = resolve(cwd, hv);
    if (!fs.isFile(abs)) fail(`hypervisor "${abs}" does not exist or is not a file`);
    out.hypervisor = abs;
  }
  const gs = args.guests;
  if (gs === undefined || gs === null) return out;
  if (!Array.isArray(gs)) fail(`"guests" must be an array like [{ "name": "guest1", "vmid": 1, "symbols": "guest1.elf" }] (got ${show(gs)})`);
  const guests: NonNullable<LaunchSpec['guests']> = [];
  gs.forEach((g: unknown, i) => {
    if (typeof g !== 'object' || g === null || Array.isArray(g)) fail(`"guests"[${i}] must be an object { "name", "vmid", "symbols" } (got ${show(g)})`);
    const { name, vmid, symbols } = g as Record<string, unknown>;
    if (typeof name !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(name)) {
      fail(`"guests"[${i}].name must be a name like "guest1" (letters, digits, _ . -) (got ${show(name)})`);
    }
    if (name === 'hypervisor' || name === 'firmware' || name === 'hpa') fail(`"guests"[${i}].name "${name}" is reserved`);
    if (guests.some((x) => x.name === name)) fail(`"guests"[${i}].name "${name}" is used twice`);
    if (typeof vmid !== 'number' || !Number.isInteger(vmid) || vmid < 0 || vmid > 16383) {
      fail(`"guests"[${i}].vmid must be the guest's VMID, an integer 0..16383 (got ${show(vmid)})`);
    }
    if (guests.some((x) => x.vmid === vmid)) fail(`"guests"[${i}].vmid ${vmid} is used by another guest`);
    if (typeof symbols !== 'string' || symbols.trim() === '') fail(`"guests"[${i}].symbols must be the path of the guest's ELF (got ${show(symbols)})`);
    const abs = resolve(cwd, symbols);
    if (!fs.isFile(abs)) fail(`guests[${i}].symbols "${abs}" does not exist or is not a file`);
    guests.push({ name, vmid, symbols: abs });
  });
  out.guests = guests;
  return out;
}

function bool(args: Record<string, unknown>, name: string, dflt: boolean): boolean {
  const v = args[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') fail(`"${name}" must be true or false (got ${show(v)})`);
  return v;
}
