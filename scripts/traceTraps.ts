/**
 * Debug helper: boot firmware (+ kernel) and print every trap with pc, cause and tval.
 * usage: npx tsx scripts/traceTraps.ts FW [KERNEL] [maxInsns]
 */
import { readFileSync } from 'fs';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { parseElf } from '../emulator/loader/elf';
import { Csr } from '../emulator/hart/csrNumbers';
import { disassemble } from '../emulator/isa/disasm';
import { allInsns } from '../emulator/isa/tables';

const [fw, kernel, maxS] = process.argv.slice(2);
const m = createMachine({ machine: 'virt', ramMiB: 128, harts: 1, console: textConsole((t) => process.stdout.write(t)) });
loadFirmwareAndKernel(m, parseElf(readFileSync(fw)), kernel ? { elf: parseElf(readFileSync(kernel)) } : undefined);
const h = m.harts[0];
const max = Number(maxS ?? 5e6);
let last = 0;
const hex = (v: number): string => (v < 0 ? v + 2 ** 64 : v).toString(16);
for (let i = 0; i < max && m.halted === null; i++) {
  if (m.step(1) === 0) { console.log('idle'); break; }
  const t = h.trapCounts.reduce((a, b) => a + b, 0);
  if (t !== last) {
    last = t;
    const mc = h.priv === 3 ? Csr.mcause : Csr.scause;
    const epc = h.csrHi[mc - 1] * 2 ** 32 + (h.csrLo[mc - 1] >>> 0);
    const off = epc - m.bus.ramBase;
    const insn = off >= 0 && off < m.bus.ramSize ? h.view.getUint32(off, true) : 0;
    console.log(`#${h.instret} trap -> priv ${h.priv} cause ${h.csrLo[mc] & 0xff}${h.csrHi[mc] < 0 ? ' (irq)' : ''} epc ${hex(epc)} tval ${hex(h.csrHi[mc + 1] * 2 ** 32 + (h.csrLo[mc + 1] >>> 0))} insn ${disassemble(insn, epc, allInsns).text}`);
  }
}
console.log('instret', h.instret, 'pc', hex(h.pc));
