/**
 * Differential test against QEMU, for humans:
 *
 *   npx tsx test/system/diff/cli.ts [--bios FW|none] [--kernel K] [--append ARGS] [--initrd FILE]
 *        [--max N] [--ram MiB] [--history N] [--no-trim-dtb] [--keep] [--fast] [--tier T] [ELF]
 *
 * Runs the program under qemu-system-riscv64 (virt) and HyperStep in lock step,
 * comparing pc and x1..x31 after every instruction, and prints progress and the first
 * divergence. Exit status: 0 no divergence, 1 divergence, 2 usage error / no QEMU.
 * See docs/difftest.md.
 */
import { runDiff, formatResult, PATCHED_CSRS, PATCHED_LOADS } from './cosim';
import { qemuAvailable, qemuVersion, QEMU_CPU, QEMU_BIN } from './qemuTrace';
import { Tier } from '../../../emulator/wasm/tier';

const USAGE = `usage: npx tsx test/system/diff/cli.ts [options] [ELF]
  ELF                program started in M-mode at its entry (same as --bios none --kernel ELF)
  --bios FW|none     firmware ELF started from the reset vector (default: none)
  --kernel K         kernel for the firmware (ELF or raw image), or the program with --bios none
  --append ARGS      kernel command line (/chosen/bootargs)
  --initrd FILE      initial ramdisk (QEMU -initrd; same placement on both sides)
  --max N            compare at most N instructions (accepts 5e6, 2M, 500k)
  --ram MiB          RAM size (default 128)
  --history N        previous instructions shown with a divergence (default 10)
  --no-trim-dtb      keep QEMU's fw-cfg/flash/pci/platform-bus nodes in the shared DTB
  --keep             keep the temporary directory (DTB, QEMU console output)
  --strict           do not tolerate known QEMU 7.2 deviations (see docs/difftest.md)
  --fast             run plain stretches with one machine.step each (compiled tiers run;
                     compared at the end of each stretch; see fastRuns.ts)
  --tier wasm|js|auto  HyperStep's tier mode (default: HYPERSTEP_TIER)
  --quiet            no progress lines`;

function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(s);
  if (m === null) throw new Error(`bad count: ${s}`);
  const mult = m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6;
  return Math.round(Number(m[1]) * mult);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let bios: string | undefined, kernel: string | undefined, append: string | undefined, elf: string | undefined;
  let initrd: string | undefined;
  let max: number | undefined, ram = 128, history = 10, trim = true, keep = false, quiet = false, strict = false;
  let fastRuns = false, tier: number | undefined;
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const val = (): string => {
        if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
        return argv[++i];
      };
      switch (a) {
        case '--bios': bios = val(); break;
        case '--kernel': kernel = val(); break;
        case '--append': append = val(); break;
        case '--initrd': initrd = val(); break;
        case '--max': max = parseCount(val()); break;
        case '--ram': ram = parseCount(val()); break;
        case '--history': history = parseCount(val()); break;
        case '--no-trim-dtb': trim = false; break;
        case '--keep': keep = true; break;
        case '--quiet': quiet = true; break;
        case '--strict': strict = true; break;
        case '--fast': fastRuns = true; break;
        case '--tier': {
          const t = val();
          tier = t === 'wasm' ? Tier.Wasm : t === 'js' ? Tier.Js : t === 'auto' ? Tier.Auto : NaN;
          if (Number.isNaN(tier)) throw new Error(`bad tier: ${t} (wasm, js or auto)`);
          break;
        }
        case '-h': case '--help': process.stdout.write(USAGE + '\n'); return 0;
        default:
          if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
          if (elf !== undefined) throw new Error('more than one ELF given');
          elf = a;
      }
    }
    if (elf !== undefined) {
      if (bios !== undefined && bios !== 'none') throw new Error('give either ELF or --bios');
      if (kernel !== undefined) throw new Error('give either ELF or --kernel');
      bios = 'none'; kernel = elf;
    }
    if ((bios === undefined || bios === 'none') && kernel === undefined) throw new Error('nothing to run');
  } catch (e) {
    process.stderr.write(`difftest: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!qemuAvailable()) {
    process.stderr.write(`difftest: ${QEMU_BIN} not found (install qemu-system-misc)\n`);
    return 2;
  }
  process.stderr.write(`difftest: ${qemuVersion()}\n  -cpu ${QEMU_CPU}\n` +
    `  reads taken from QEMU: CSRs ${PATCHED_CSRS.map((c) => c[2]).join('; ')}; loads of ${PATCHED_LOADS.map((c) => c[2]).join('; ')}\n`);
  const r = await runDiff({
    bios: bios ?? 'none', kernel, append, initrd, ramMiB: ram, maxInsns: max, history, trimDtb: trim, keepDir: keep, strict, fastRuns, tier,
    onProgress: quiet ? undefined : (n, s) => process.stderr.write(`  ${n} instructions, ${s.toFixed(1)} s, ${(n / s / 1000).toFixed(0)}k/s\n`),
  });
  const name = kernel ?? bios ?? '';
  process.stdout.write(formatResult(name, r) + '\n');
  if (r.dtbDropped.length > 0) process.stderr.write(`  (DTB nodes dropped for both machines: ${r.dtbDropped.join(', ')})\n`);
  return r.divergence !== null || r.end === 'error' ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`difftest: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(2);
});
