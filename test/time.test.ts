/**
 * Machine time: mtime derives from retired instructions (10 MHz at one instruction
 * per cycle), and the time CSR is a shadow of the ACLINT's mtime, including guest
 * writes to MTIME.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { parseElf } from '../emulator/loader/elf';
import { csrRead } from '../emulator/hart/csr';
import { Csr } from '../emulator/hart/csrNumbers';
import { VIRT_CLINT } from '../emulator/bus/memoryMap';

const SPIN = join(__dirname, '../guests/exit/build/spin.elf');

function machine() {
  const m = createMachine({ machine: 'virt', ramMiB: 16, harts: 1, console: textConsole(() => undefined) });
  loadFirmwareAndKernel(m, parseElf(readFileSync(SPIN)));
  return m;
}

describe('machine time', () => {
  it('advances one mtime tick per 10 retired instructions', () => {
    const m = machine();
    m.step(1_000_000);
    assert.equal(m.harts[0].instret, 1_000_000);
    assert.equal(m.mtime(), 100_000);
    assert.equal(m.bus.mmioRead(VIRT_CLINT + 0xbff8, 4), 100_000);
  });

  it('keeps the time CSR equal to MTIME after the guest writes MTIME', () => {
    const m = machine();
    m.step(50_000);
    assert.ok(m.bus.mmioWrite(VIRT_CLINT + 0xbff8, 4, 7_000_000));
    assert.ok(m.bus.mmioWrite(VIRT_CLINT + 0xbffc, 4, 0));
    const h = m.harts[0];
    const mtime = m.bus.mmioRead(VIRT_CLINT + 0xbff8, 4)!;
    assert.equal(mtime, 7_000_000);
    assert.equal(csrRead(h, Csr.time, 0, 0), 7_000_000);
    m.step(1000);
    assert.equal(csrRead(h, Csr.time, 0, 0), 7_000_100);
  });
});
