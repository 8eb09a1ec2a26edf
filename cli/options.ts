/**
 * Command-line parsing for `hyperstep`. Pure (no I/O) so it can be unit-tested.
 * Options follow QEMU's spelling where they overlap (--bios, --kernel, --append,
 * --drive, --dtb, --harts ~ -smp).
 */
import { isLoopback } from '../gdb-stub/server';

export interface RunArgs {
  command: 'run' | 'demo' | 'help' | 'version' | 'asm' | 'linux' | 'snapshot';
  machine: 'virt' | 'spike';
  ramMiB: number;
  maxInsns: number;
  stats: boolean;
  harts: number;
  /** Firmware ELF, 'none', or undefined (= the program is the firmware). */
  bios?: string;
  kernel?: string;
  append?: string;
  drive?: string;
  writeThrough: boolean;
  dtb?: string;
  /** Initial ramdisk file (placed as QEMU places it, named in /chosen). */
  initrd?: string;
  /** --rng-seed, validated (hex digits). */
  rngSeed?: string;
  /** `linux`: shell commands /init runs instead of the interactive shell. */
  exec?: string;
  /** `linux`: extra modules for the initramfs. */
  modules?: string[];
  /** `linux`: never download (use the cache only). */
  offline?: boolean;
  /** `linux`: host files to copy into the initramfs (--file HOST[:GUESTPATH]). */
  files?: { host: string; guest: string }[];
  /** Write the begin_signature..end_signature memory here at exit (Spike's +signature). */
  signature?: string;
  /** --gdb [HOST:]PORT: serve the gdb remote protocol (gdb-stub/) instead of running headless. */
  gdb?: { host: string; port: number };
  /** --gdb-allow-remote: --gdb may listen on an address that is not loopback. */
  gdbAllowRemote?: boolean;
  /** --wait: with --gdb, stay stopped at reset until gdb continues (QEMU's -S). */
  gdbWait?: boolean;
  /** run --restore FILE: continue a saved machine (snapshot file). */
  restore?: string;
  /** `snapshot save|diff|info`: the action, --at N, and the files (diff: two). */
  snapshotAction?: 'save' | 'diff' | 'info';
  at?: number;
  snapshotFiles?: string[];
  /** snapshot diff --symbols ELF (names changed bytes), --json. */
  symbolsElf?: string;
  json?: boolean;
  /** Plain ELF argument (`hyperstep run prog.elf`), or the source of `hyperstep asm`. */
  program?: string;
  /** `hyperstep asm`: output ELF, and the -Ttext/-Tdata addresses. */
  output?: string;
  textBase?: bigint;
  dataBase?: bigint;
}

export class UsageError extends Error {}

export const USAGE = `usage: hyperstep run [options] [ELF]
       hyperstep linux [--harts N] [--ram MiB] [--drive FILE] [--exec CMDS] [--file HOST[:PATH]]... [options]
       hyperstep demo
       hyperstep asm FILE.s [-o OUT.elf] [-Ttext=ADDR] [-Tdata=ADDR]
       hyperstep snapshot save --at N -o FILE [run options] [ELF]
       hyperstep snapshot diff A.hysnap B.hysnap [--symbols ELF] [--json]
       hyperstep snapshot info FILE.hysnap
       hyperstep compare [--modes a,b] [--json FILE] [--csv FILE] [--workers N] [--cache]
options:
  --machine virt|spike   board (default virt)
  --ram MiB              RAM size (default 128)
  --max-insns N          stop after N instructions (exit status 124)
  --stats                print run statistics as JSON on stderr (instructions per mode,
                         traps by cause and by mode transition, VM exits and entries)
  --harts N              number of harts, 1..8 (default 1)
  --bios FW|none         firmware ELF loaded at 0x80000000; 'none' runs the kernel in M-mode
  --kernel IMAGE         kernel: ELF, or raw binary loaded at 0x80200000
  --append ARGS          kernel command line (/chosen/bootargs)
  --drive FILE           disk image for virtio-blk (guest writes stay in memory)
  --write-through        write guest disk writes back to the --drive file
  --dtb FILE             use this device tree blob instead of the generated one
  --initrd FILE          initial ramdisk, placed where QEMU places it (/chosen linux,initrd-*)
  --rng-seed HEX         seed of the guest's randomness (/chosen/rng-seed, virtio-rng);
                         1..64 bytes of hex; fixed by default, so runs are reproducible
  --signature FILE       at exit, write memory begin_signature..end_signature as hex words
  --gdb [HOST:]PORT      serve gdb's remote protocol on 127.0.0.1:PORT (docs/gdb.md); a HOST
                         that is not loopback needs --gdb-allow-remote
  --wait                 with --gdb: stay stopped at reset until gdb continues (QEMU's -S)
  --gdb-allow-remote     let --gdb listen on an address that is not loopback (a warning is printed)
  --restore FILE         run: continue the machine saved in a snapshot file (docs/timeTravel.md)
snapshot: save runs to N instructions (the machine clock: instructions + traps) and writes
  the whole machine; diff lists the registers, CSRs, memory ranges and device fields that
  differ between two snapshot files; info describes one.
linux: boots Debian's riscv64 kernel (downloaded once into ~/.cache/hyperstep/linux)
  through OpenSBI with a busybox initramfs to an interactive shell on the console
  (default --ram 512). --exec CMDS runs the commands instead of the shell, then powers
  off; --modules a,b adds kernel modules; --file HOST[:PATH] copies a host file into the
  initramfs (default PATH /NAME; repeatable; mode 0755 for executables); --offline never downloads.
compare: runs guests/compare's workload under each virtualization mode in parallel and
  prints the measured counts side by side (docs/compare.md; hyperstep compare --help).
asm: assembles RISC-V (RV64GC, GNU as syntax) into a linked ELF with symbols and line
  information; -Ttext/-Tdata place .text/.data as GNU ld does (default .text 0x80000000;
  default output: FILE with .elf). run also takes a .s/.S/.asm file instead of an ELF.
Standard input feeds the UART; console output goes to standard output.
Exit status: the guest's exit code; 124 when --max-insns is reached; 2 for bad input.`;

function intArg(name: string, v: string | undefined, min: number, max: number): number {
  if (v === undefined) throw new UsageError(`${name} needs a value`);
  const s = v.replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|\d+)(e\d+)?$/i.test(s)) throw new UsageError(`${name}: not a number: ${v}`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} must be between ${min} and ${max} (got ${v})`);
  }
  return n;
}

/** --file HOST[:GUESTPATH]: GUESTPATH is absolute (the first ":/" separates it), default /<basename of HOST>. */
export function parseFileArg(v: string): { host: string; guest: string } {
  const m = /^(.*?):(\/.*)$/.exec(v);
  const host = m ? m[1] : v;
  const guest = m ? m[2] : `/${host.split('/').pop() ?? ''}`;
  if (host === '') throw new UsageError(`--file needs a host file (got ${v})`);
  if (guest === '/' || guest.endsWith('/')) throw new UsageError(`--file ${v}: the guest path must name a file, not a directory`);
  if (guest.split('/').includes('..')) throw new UsageError(`--file ${v}: ".." is not allowed in the guest path`);
  return { host, guest };
}

export function parseArgs(argv: string[]): RunArgs {
  const a: RunArgs = {
    command: 'run', machine: 'virt', ramMiB: 128, maxInsns: Infinity, stats: false,
    harts: 1, writeThrough: false,
  };
  if (argv.length === 0) throw new UsageError('missing command');
  const cmd = argv[0];
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') return { ...a, command: 'help' };
  if (cmd === '--version' || cmd === '-V') return { ...a, command: 'version' };
  if (cmd === 'demo') a.command = 'demo';
  else if (cmd === 'asm') return parseAsmArgs(argv.slice(1), a);
  else if (cmd === 'linux') { a.command = 'linux'; a.ramMiB = 512; }
  else if (cmd === 'snapshot') return parseSnapshotArgs(argv.slice(1), a);
  else if (cmd !== 'run') throw new UsageError(`unknown command: ${cmd}`);
  for (let i = 1; i < argv.length; i++) {
    let arg = argv[i];
    let val: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) { val = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const next = (): string => {
      if (val !== undefined) return val;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const flag = (): true => {
      if (val !== undefined) throw new UsageError(`${arg} takes no value (got ${argv[i]})`);
      return true;
    };
    switch (arg) {
      case '--machine': {
        const m = next();
        if (m !== 'virt' && m !== 'spike') throw new UsageError(`--machine must be virt or spike (got ${m})`);
        a.machine = m;
        break;
      }
      case '--ram': a.ramMiB = intArg('--ram', next(), 1, 4095); break;
      case '--max-insns': a.maxInsns = intArg('--max-insns', next(), 1, Number.MAX_SAFE_INTEGER); break;
      case '--harts': case '--smp': a.harts = intArg('--harts', next(), 1, 8); break;
      case '--stats': a.stats = flag(); break;
      case '--bios': a.bios = next(); break;
      case '--kernel': a.kernel = next(); break;
      case '--append': a.append = next(); break;
      case '--drive': a.drive = next(); break;
      case '--write-through': a.writeThrough = flag(); break;
      case '--dtb': a.dtb = next(); break;
      case '--initrd': a.initrd = next(); break;
      case '--rng-seed': {
        const v = next();
        const t = v.replace(/^0x/i, '').replace(/_/g, '');
        if (!/^[0-9a-f]+$/i.test(t)) throw new UsageError(`--rng-seed must be hexadecimal digits (got ${v})`);
        if (t.length > 128) throw new UsageError(`--rng-seed is longer than 64 bytes (got ${t.length} hex digits)`);
        a.rngSeed = v;
        break;
      }
      case '--exec': a.exec = next(); break;
      case '--modules': a.modules = next().split(',').map((x) => x.trim()).filter((x) => x !== ''); break;
      case '--offline': a.offline = flag(); break;
      case '--file': (a.files ??= []).push(parseFileArg(next())); break;
      case '--signature': a.signature = next(); break;
      case '--gdb': a.gdb = parseGdbArg(next()); break;
      case '--wait': a.gdbWait = flag(); break;
      case '--gdb-allow-remote': a.gdbAllowRemote = flag(); break;
      case '--restore': a.restore = next(); break;
      case '--help': case '-h': flag(); return { ...a, command: 'help' };
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option: ${arg}`);
        if (a.program !== undefined) throw new UsageError(`unexpected argument: ${arg}`);
        a.program = arg;
    }
  }
  if (a.restore !== undefined) {
    if (a.command !== 'run') throw new UsageError('--restore belongs to the run command');
    if (a.program !== undefined || a.kernel !== undefined || a.bios !== undefined || a.initrd !== undefined || a.dtb !== undefined) {
      throw new UsageError('--restore continues a saved machine: give no program, --bios, --kernel, --initrd or --dtb');
    }
    if (a.gdb !== undefined) throw new UsageError('--restore does not work with --gdb yet');
  } else if (a.command === 'run') {
    if (a.program === undefined && a.kernel === undefined && (a.bios === undefined || a.bios === 'none')) {
      throw new UsageError('nothing to run: give an ELF, or --bios and/or --kernel');
    }
    if (a.program !== undefined && a.kernel !== undefined) {
      throw new UsageError('give either a program or --kernel, not both');
    }
    if (a.program !== undefined && a.bios !== undefined) {
      throw new UsageError('give either a program or --bios, not both (use --bios FW --kernel IMAGE)');
    }
  }
  if (a.gdbWait === true && a.gdb === undefined) throw new UsageError('--wait needs --gdb [HOST:]PORT');
  if (a.gdbAllowRemote === true && a.gdb === undefined) throw new UsageError('--gdb-allow-remote needs --gdb HOST:PORT');
  if (a.gdb !== undefined && !isLoopback(a.gdb.host) && a.gdbAllowRemote !== true) {
    throw new UsageError(`--gdb ${a.gdb.host}:${a.gdb.port} is not a loopback address: whoever reaches it controls the machine; add --gdb-allow-remote to mean it`);
  }
  if (a.gdb !== undefined) {
    if (a.command !== 'run') throw new UsageError('--gdb belongs to the run command');
    if (a.drive !== undefined || a.dtb !== undefined || a.signature !== undefined || a.stats) {
      throw new UsageError('--gdb does not support --drive, --dtb, --signature or --stats yet');
    }
  }
  if (a.command !== 'linux' && (a.exec !== undefined || a.modules !== undefined || a.offline === true || a.files !== undefined)) {
    throw new UsageError('--exec, --modules, --file and --offline belong to the linux command');
  }
  if (a.command === 'linux') {
    if (a.program !== undefined || a.kernel !== undefined || a.initrd !== undefined) {
      throw new UsageError('linux boots the cached Debian kernel and its own initramfs: use run --bios/--kernel/--initrd for others');
    }
    if (a.machine !== 'virt') throw new UsageError('linux runs on the virt board only');
  }
  if (a.initrd !== undefined && a.kernel === undefined && a.command === 'run') {
    throw new UsageError('--initrd needs --kernel (the initrd is placed relative to the kernel)');
  }
  if (a.command === 'demo' && a.machine !== 'virt') {
    throw new UsageError('the demo runs on the virt board only');
  }
  return a;
}

/** --gdb [HOST:]PORT (HOST defaults to 127.0.0.1; [::1]:PORT for IPv6). */
export function parseGdbArg(v: string): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(v);
  if (m === null) throw new UsageError(`--gdb needs [HOST:]PORT (got ${v})`);
  const port = Number(m[2]);
  if (port > 65535) throw new UsageError(`--gdb: port must be between 0 (any free port) and 65535 (got ${m[2]})`);
  return { host: m[1] === undefined ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, ''), port };
}

function addressArg(name: string, v: string | undefined): bigint {
  if (v === undefined || v === '') throw new UsageError(`${name} needs an address`);
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(v)) throw new UsageError(`${name}: not an address: ${v} (use hex like 0x80000000)`);
  const n = BigInt(v);
  if (n >= 1n << 64n) throw new UsageError(`${name}: address ${v} does not fit in 64 bits`);
  return n;
}

/** `hyperstep snapshot save|diff|info ...`. */
function parseSnapshotArgs(argv: string[], base: RunArgs): RunArgs {
  const action = argv[0];
  if (action === undefined || action === '--help' || action === '-h') return { ...base, command: 'help' };
  if (action !== 'save' && action !== 'diff' && action !== 'info') throw new UsageError(`unknown snapshot action: ${action} (save, diff or info)`);
  if (action === 'save') {
    const rest: string[] = [];
    let at: number | undefined, out: string | undefined;
    for (let i = 1; i < argv.length; i++) {
      const arg = argv[i];
      if (arg === '--at' || arg.startsWith('--at=')) at = intArg('--at', arg.includes('=') ? arg.slice(5) : argv[++i], 0, Number.MAX_SAFE_INTEGER);
      else if (arg === '-o' || arg === '--output') { out = argv[++i]; if (out === undefined) throw new UsageError(`${arg} needs a file name`); }
      else rest.push(arg);
    }
    if (at === undefined) throw new UsageError('snapshot save needs --at N (instructions)');
    if (out === undefined) throw new UsageError('snapshot save needs -o FILE');
    const a = parseArgs(['run', ...rest]);
    if (a.command !== 'run') return a;
    if (a.gdb !== undefined || a.restore !== undefined) throw new UsageError('snapshot save does not take --gdb or --restore');
    return { ...a, command: 'snapshot', snapshotAction: 'save', at, output: out };
  }
  const a: RunArgs = { ...base, command: 'snapshot', snapshotAction: action, snapshotFiles: [] };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--symbols') { a.symbolsElf = argv[++i]; if (a.symbolsElf === undefined) throw new UsageError('--symbols needs an ELF file'); }
    else if (arg === '--json') a.json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown snapshot option: ${arg}`);
    else a.snapshotFiles!.push(arg);
  }
  const want = action === 'diff' ? 2 : 1;
  if (a.snapshotFiles!.length !== want) throw new UsageError(`snapshot ${action} takes ${want === 2 ? 'two snapshot files' : 'one snapshot file'}`);
  return a;
}

/** `hyperstep asm FILE.s [-o OUT] [-Ttext=ADDR|-Ttext ADDR] [-Tdata=ADDR]` (ld spelling). */
function parseAsmArgs(argv: string[], base: RunArgs): RunArgs {
  const a: RunArgs = { ...base, command: 'asm' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^(-Ttext|-Tdata|--Ttext|--Tdata)(?:=(.*))?$/.exec(arg);
    if (m) {
      const v = m[2] ?? argv[++i];
      const addr = addressArg(m[1].replace(/^-+/, '-'), v);
      if (m[1].endsWith('text')) a.textBase = addr; else a.dataBase = addr;
    } else if (arg === '-o' || arg === '--output') {
      a.output = argv[++i];
      if (a.output === undefined) throw new UsageError(`${arg} needs a file name`);
    } else if (arg.startsWith('-o') && arg.length > 2) a.output = arg.slice(2);
    else if (arg === '--help' || arg === '-h') return { ...a, command: 'help' };
    else if (arg.startsWith('-')) throw new UsageError(`unknown asm option: ${arg}`);
    else if (a.program !== undefined) throw new UsageError(`unexpected argument: ${arg} (asm takes one source file)`);
    else a.program = arg;
  }
  if (a.program === undefined) throw new UsageError('asm needs a source file: hyperstep asm FILE.s -o OUT.elf');
  a.output ??= a.program.replace(/\.(s|S|asm)$/, '') + '.elf';
  if (a.output === a.program) throw new UsageError('the output file must differ from the source file');
  return a;
}

/** True for file names the assembler reads (`.s`, `.S`, `.asm`). */
export function isAssemblySource(path: string): boolean {
  return /\.(s|S|asm)$/.test(path);
}
