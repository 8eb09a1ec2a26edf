/** Tests for the HTIF tohost/fromhost protocol (emulator/devices/htif.ts). */
import { strict as assert } from 'assert';
import { Htif, SYS_EXIT, SYS_WRITE } from '../../emulator/devices/htif';
import { FakeConsole, FakeDma } from './fakes';

const RAM = 0x80000000;

describe('devices/htif', () => {
  it('exits with payload >> 1 on device 0 odd payloads', () => {
    const h = new Htif(new FakeConsole(), null);
    let r = h.handleToHost(1, 0);
    assert.equal(r.exit, true);
    assert.equal(r.exitCode, 0);
    r = h.handleToHost((5 << 1) | 1, 0);
    assert.equal(r.exitCode, 5);
    assert.equal(h.exitCode, 5);
    assert.equal(r.respond, false);
  });

  it('prints console putchar and acknowledges it', () => {
    const con = new FakeConsole();
    const h = new Htif(con, null);
    const r = h.handleToHost(0x41, 0x01010000);
    assert.equal(con.text(), 'A');
    assert.equal(r.exit, false);
    assert.equal(r.respond, true);
    assert.equal(r.fromhostHi >>> 0, 0x01010000);
    assert.equal(r.fromhostLo, 0);
  });

  it('answers getchar requests when input is available', () => {
    const h = new Htif(new FakeConsole(), null);
    let r = h.handleToHost(0, 0x01000000);
    assert.equal(r.respond, false);
    h.pushRx(0x7a);
    assert.deepEqual(h.pollInput(), { lo: 0x7a, hi: 0x01000000 });
    assert.equal(h.pollInput(), null);
    h.pushRx(0x31);
    r = h.handleToHost(0, 0x01000000);
    assert.equal(r.respond, true);
    assert.equal(r.fromhostLo, 0x31);
  });

  it('proxies SYS_write and SYS_exit through magic_mem', () => {
    const con = new FakeConsole();
    const mem = new FakeDma(RAM, 0x1000);
    const h = new Htif(con, mem);
    const magic = RAM + 0x100;
    const msg = RAM + 0x400;
    mem.ram.set(new TextEncoder().encode('hello'), 0x400);
    mem.setU64(magic, SYS_WRITE);
    mem.setU64(magic + 8, 1);
    mem.setU64(magic + 16, msg);
    mem.setU64(magic + 24, 5);
    let r = h.handleToHost(magic, 0);
    assert.equal(con.text(), 'hello');
    assert.equal(r.respond, true);
    assert.equal(r.fromhostLo, 1);
    assert.equal(mem.u32(magic), 5);
    mem.setU64(magic, 1234);
    r = h.handleToHost(magic, 0);
    assert.equal(mem.u32(magic), -38 >>> 0);
    assert.equal(mem.u32(magic + 4), 0xffffffff);
    assert.equal(h.errors.length, 1);
    mem.setU64(magic, SYS_EXIT);
    mem.setU64(magic + 8, 3);
    r = h.handleToHost(magic, 0);
    assert.equal(r.exit, true);
    assert.equal(r.exitCode, 3);
  });
});
