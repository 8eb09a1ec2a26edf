/**
 * Developer helper: run ELFs on the virt board and print one line each (reason, exit
 * code, instructions, host seconds, MIPS, traps, start of the console output).
 * usage: npx tsx scripts/tryrun.ts a.elf [b.elf ...]
 * Bundle it (npx esbuild scripts/tryrun.ts --bundle --platform=node --outfile=/tmp/t.js)
 * to profile with `node --cpu-prof`.
 */
import { readFileSync } from 'fs';
import { runElf } from '../emulator/runElf';

for (const f of process.argv.slice(2)) {
  const r = runElf(readFileSync(f), { machine: 'virt', maxInsns: 2e9 });
  console.log(f, r.reason, r.exitCode, r.instret, r.hostSeconds.toFixed(3), r.mips.toFixed(1),
    JSON.stringify(r.trapsByCause), JSON.stringify(r.console.slice(0, 300)));
}
