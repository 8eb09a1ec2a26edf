/**
 * Developer helper: boot the cached Debian kernel (hyperstep linux's images) for N
 * instructions and print where each hart is, symbolized with the kernel's System.map.
 * usage: npx tsx scripts/linuxProbe.ts [--harts N] [--insns N] [--every N]
 */
import { readFileSync } from 'fs';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { parseElf } from '../emulator/loader/elf';
import { buildInitramfs, ensureLinuxImages } from '../emulator/host/nodeLinuxImages';
import { OPENSBI_FW_JUMP, LINUX_BOOTARGS } from '../emulator/host/nodeLinuxBoot';

async function main(): Promise<void> {
  const arg = (n: string, d: number): number => { const i = process.argv.indexOf(n); return i > 0 ? Number(process.argv[i + 1]) : d; };
  const harts = arg('--harts', 1), insns = arg('--insns', 5e8), every = arg('--every', 5e7);
  const img = await ensureLinuxImages({ offline: true });
  const map = readFileSync(img.kernel.replace(/vmlinux-/, 'System.map-'), 'utf8').split('\n')
    .map((l) => l.split(' ')).filter((p) => p.length === 3 && /[tT]/.test(p[1]))
    .map((p) => ({ a: Number(BigInt('0x' + p[0]) - (1n << 64n)), n: p[2] })).sort((x, y) => x.a - y.a);
  const sym = (pc: number): string => {
    let lo = 0, hi = map.length - 1, best = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (map[mid].a <= pc) { best = mid; lo = mid + 1; } else hi = mid - 1; }
    return best < 0 ? '?' : `${map[best].n}+0x${(pc - map[best].a).toString(16)}`;
  };
  let con = '';
  const m = createMachine({ machine: 'virt', ramMiB: 512, harts, console: textConsole((t) => { con += t; process.stdout.write(t); }),
    bootargs: LINUX_BOOTARGS + ' nokaslr', initrd: buildInitramfs({ images: img, script: 'uname -r; nproc' }) });
  const fw = parseElf(readFileSync(OPENSBI_FW_JUMP));
  loadFirmwareAndKernel(m, fw, { raw: readFileSync(img.kernel) });
  let done = 0, next = every;
  const hist = new Map<string, number>();
  while (done < insns && m.halted === null) {
    done += m.step(250_000);
    for (const h of m.harts) {
      const f = h.priv === 3 ? `M:${fw.symbolAt(h.pc)?.name ?? h.pc.toString(16)}` : `${'US?'[h.priv]}:${h.pc < 0 ? (-h.pc).toString(16) : h.pc.toString(16)}`;
      hist.set(f, (hist.get(f) ?? 0) + 1);
    }
    if (done >= next) {
      const top = [...hist].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, n]) => `${f}:${n}`).join(' ');
      process.stderr.write(`   top: ${top}\n`);
      hist.clear();
      next += every;
      const hs = m.harts.map((h) => `h${h.id} ${h.priv} ${h.pc.toString(16)} ${sym(h.pc)} satp=${h.satpMode}`).join(' | ');
      process.stderr.write(`[${(done / 1e6).toFixed(0)}M] ${hs} traps=${JSON.stringify(m.trapsByCause())}\n`);
    }
  }
  void con;
}
void main();
