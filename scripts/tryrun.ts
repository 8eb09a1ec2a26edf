import { readFileSync } from 'fs';
import { runElf } from '../emulator/runElf';
for (const f of process.argv.slice(2)) {
  const r = runElf(readFileSync(f), { machine: 'virt', maxInsns: 2e9 });
  console.log(f, r.reason, r.exitCode, r.instret, r.hostSeconds.toFixed(3), r.mips.toFixed(1), JSON.stringify(r.trapsByCause), JSON.stringify(r.console.slice(0,300)));
}
