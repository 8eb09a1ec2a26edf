/**
 * A scripted RSP session against the gdb stub (gdb-stub/stub.ts, server.ts) in-process
 * over a real socket, on the debug guest guests/debug/build/prog_o0.elf: the packets gdb
 * sends for registers, breakpoints, continue, memory, step, watchpoints, threads,
 * target description, monitor commands, interrupt, detach and exit.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseElf } from '../../emulator/loader/elf';
import { GdbStub, le64 } from '../../gdb-stub/stub';
import { GdbServer } from '../../gdb-stub/server';
import { fromHex, toHex } from '../../gdb-stub/packets';
import { RspClient, loadRuntime, nodeHost } from './rspClient';
import { DebugRuntime } from '../../emulator/debug/runtime';

const PROG = join(__dirname, '..', '..', 'guests', 'debug', 'build', 'prog_o0.elf');
const SPIN = join(__dirname, '..', '..', 'guests', 'debug', 'build', 'spin.elf');
const elf = parseElf(new Uint8Array(readFileSync(PROG)));
const sym = (name: string): bigint => BigInt(elf.symbolByName(name)!.value);

/** Register n of a `g` reply. */
function reg(g: string, n: number): bigint {
  const h = g.slice(n * 16, n * 16 + 16);
  let v = 0n;
  for (let i = 14; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(h.slice(i, i + 2), 16));
  return v;
}

async function start(program = PROG, harts = 1): Promise<{ stub: GdbStub; server: GdbServer; c: RspClient; port: number }> {
  const rt = loadRuntime(program, harts);
  const stub = new GdbStub(rt);
  const server = new GdbServer(stub, { port: 0 });
  const { port } = await server.listen();
  const c = await RspClient.open(port);
  return { stub, server, c, port };
}

describe('gdb stub session', () => {
  it('reads registers, stops at a breakpoint on add, reads memory, steps, exits', async () => {
    const { server, c } = await start();
    try {
      const sup = await c.ask('qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386');
      assert.match(sup, /PacketSize=4000/);
      assert.match(sup, /swbreak\+/);
      assert.match(sup, /qXfer:features:read\+/);
      assert.equal(await c.ask('?'), 'T05thread:1;');
      const g0 = await c.ask('g');
      assert.equal(g0.length, 33 * 16);
      assert.equal(reg(g0, 32), 0x1000n); // at the reset vector, as QEMU -S
      assert.equal(await c.ask('p20'), le64(0x1000n));
      // Breakpoint at add, continue: the stop reply names the thread and swbreak.
      const add = sym('add');
      assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
      assert.equal(await c.ask('vCont?'), 'vCont;c;C;s;S;t');
      assert.equal(await c.ask('vCont;c'), 'T05thread:1;swbreak:;');
      const g1 = await c.ask('g');
      assert.equal(reg(g1, 32), add);
      assert.equal(reg(g1, 10), 2n); // add(2, 3)
      assert.equal(reg(g1, 11), 3n);
      // Memory: g_origin = {3, 4}; g_array = {10, 20, 30, 40, 50}.
      assert.equal(await c.ask(`m${sym('g_origin').toString(16)},8`), '0300000004000000');
      assert.equal(await c.ask(`m${sym('g_array').toString(16)},8`), '0a00000014000000');
      // Write and read back (M and X), then restore.
      const gc = sym('g_counter').toString(16);
      assert.equal(await c.ask(`M${gc},4:2a000000`), 'OK');
      assert.equal(await c.ask(`m${gc},4`), '2a000000');
      assert.equal(await c.ask(`X${gc},4:\x00\x00\x00\x00`), 'OK');
      assert.equal(await c.ask(`m${gc},4`), '00000000');
      // Step one instruction: pc moves by one instruction (2 or 4 bytes).
      assert.equal(await c.ask('vCont;s:1'), 'T05thread:1;');
      const pc = reg(await c.ask('g'), 32);
      assert.ok(pc === add + 2n || pc === add + 4n, `pc after step 0x${pc.toString(16)}`);
      // Second hit of add (the loop): a0 = total = 5, a1 = i = 0.
      assert.equal(await c.ask('c'), 'T05thread:1;swbreak:;');
      const g2 = await c.ask('g');
      assert.equal(reg(g2, 10), 5n);
      assert.equal(reg(g2, 11), 0n);
      assert.equal(await c.ask(`z0,${add.toString(16)},2`), 'OK');
      // Run to the end: exit(7).
      assert.equal(await c.ask('c', 30000), 'W07');
      assert.equal(await c.ask('?'), 'W07');
    } finally {
      c.close();
      await server.close();
    }
  });

  it('stops at a write watchpoint with watch:ADDR after the store', async () => {
    const { server, c } = await start();
    try {
      const gc = sym('g_counter');
      // From main on (the startup code clears .bss, a write to g_counter too).
      assert.equal(await c.ask(`Z0,${sym('main').toString(16)},2`), 'OK');
      assert.equal(await c.ask('c'), 'T05thread:1;');
      assert.equal(await c.ask(`z0,${sym('main').toString(16)},2`), 'OK');
      assert.equal(await c.ask(`Z2,${gc.toString(16)},4`), 'OK');
      assert.equal(await c.ask('c'), `T05thread:1;watch:${gc.toString(16)};`);
      assert.equal(await c.ask(`m${gc.toString(16)},4`), '01000000'); // g_counter = 0 + 0 + 1
      assert.equal(await c.ask('c'), `T05thread:1;watch:${gc.toString(16)};`);
      assert.equal(await c.ask(`m${gc.toString(16)},4`), '03000000'); // 1 + 1 + 1
      assert.equal(await c.ask(`z2,${gc.toString(16)},4`), 'OK');
      assert.equal(await c.ask('Z3,0,0'), 'E01'); // a watchpoint of length 0
    } finally {
      c.close();
      await server.close();
    }
  });

  it('describes threads, registers, CSRs and memory; answers monitor commands', async () => {
    const { server, c } = await start(PROG, 2);
    try {
      assert.equal(await c.ask('qfThreadInfo'), 'm1,2');
      assert.equal(await c.ask('qsThreadInfo'), 'l');
      assert.equal(fromHex(await c.ask('qThreadExtraInfo,2')), 'hart 1 [M]');
      assert.equal(await c.ask('Hg2'), 'OK');
      assert.equal(await c.ask('qC'), 'QC2');
      assert.equal(await c.ask('T2'), 'OK');
      assert.equal(await c.ask('T3'), 'E01');
      assert.equal(await c.ask('p4a'), 'x'.repeat(16)); // CSR 9: not implemented, unavailable
      assert.equal(await c.ask(`p${(65 + 0xf14).toString(16)}`), le64(1n)); // mhartid
      assert.equal(await c.ask(`p${(4161).toString(16)}`), le64(3n)); // priv: M
      assert.equal(await c.ask('Hg1'), 'OK');
      // Target description: the four features, CSR numbering 65 + number.
      let xml = '';
      for (let off = 0; ; ) {
        const r = await c.ask(`qXfer:features:read:target.xml:${off.toString(16)},400`);
        xml += r.slice(1);
        off += r.length - 1;
        if (r[0] === 'l') break;
      }
      for (const f of ['org.gnu.gdb.riscv.cpu', 'org.gnu.gdb.riscv.fpu', 'org.gnu.gdb.riscv.csr', 'org.gnu.gdb.riscv.virtual']) assert.ok(xml.includes(f), f);
      assert.match(xml, /<reg name="mstatus" bitsize="64" type="int" regnum="833"/); // 65 + 0x300
      assert.match(xml, /<reg name="fcsr" bitsize="64" type="int" regnum="68"\/>/);
      assert.equal(await c.ask('qXfer:features:read:nope.xml:0,100'), 'E00');
      const map = await c.ask('qXfer:memory-map:read::0,1000');
      assert.match(map, /^l.*<memory type="ram" start="0x80000000" length="0x4000000"\/>/s);
      const mon = async (cmd: string): Promise<string> => Buffer.from(await c.ask('qRcmd,' + toHex(cmd)), 'hex').toString('utf8');
      assert.match(await mon('info mode'), /^hart 0 \[M\]: pc 0x1000\nhart 1 \[M\]: pc 0x1000\n$/);
      assert.match(await mon('stats'), /^instructions: 0\ntraps: 0\n/);
      assert.match(await mon('translate 80000000'), /VA 0x80000000 → PA 0x80000000 \(no translation\)/);
      assert.match(await mon('phys on'), /physical/);
      assert.match(await c.ask('m80000000,4'), /^[0-9a-f]{8}$/);
      assert.match(await mon('frobnicate'), /unknown monitor command 'frobnicate'/);
      assert.match(await mon('halt'), /^stopped \(hart 0: pc 0x[0-9a-f]+\)\n$/);
      assert.equal(await c.ask('m1,zz'), 'E01');
      assert.equal(await c.ask('mffffffffffffff00,10'), 'E14');
      assert.equal(await c.ask('qNoSuchThing'), '');
      assert.match(await c.ask('qSupported'), /QNonStop\+/);
      assert.equal(await c.ask('QNonStop:0'), 'OK'); // all-stop
      assert.equal(await c.ask('QNonStop:1'), 'E01'); // non-stop is refused
    } finally {
      c.close();
      await server.close();
    }
  });

  it('monitor translate ADDR guest N walks both stages of a guest that has run', async () => {
    // sv39vs: a hypervisor (HS) running one VS-mode guest with Sv39 and an Sv39x4 G stage, VMID 1.
    const vs = join(__dirname, '..', '..', 'guests', 'bench', 'build', 'sv39vs.elf');
    const rt = new DebugRuntime(nodeHost, { program: vs, firmware: vs, machine: 'virt', memoryMiB: 64, harts: 1, symbols: [], maxInsns: 3_000_000 });
    rt.load();
    const stub = new GdbStub(rt);
    assert.match(stub.monitor('translate 80000000 guest 1'), /^guest 1: no address space known/);
    await rt.continue(); // into the guest
    assert.equal(rt.hart(0).virt, 1);
    const pc = rt.hart(0).pc.toString(16);
    const lines = stub.monitor(`translate ${pc} guest 1`).split('\n');
    assert.match(lines[0], new RegExp(`^guest 1: GVA 0x${pc} → GPA 0x[0-9a-f]+ → HPA 0x[0-9a-f]+$`));
    assert.ok(lines.some((l) => /^VS stage \(Sv39, root 0x[0-9a-f]+\): /.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^G stage \(Sv39x4, root 0x[0-9a-f]+\): /.test(l)), lines.join('\n'));
    assert.equal(lines.filter((l) => /^ {2}level \d: PTE at /.test(l)).length, 6, 'three levels in each stage');
    assert.match(stub.monitor(`translate ${pc} guest 2`), /^guest 2: no address space known/);
    assert.match(stub.monitor('translate 80000000 guest x'), /^usage: translate ADDR \[guest VMID\]/);
  });

  it('pauses a spinning guest on 0x03 within 200 ms; detach leaves it paused for the next client', async () => {
    const { stub, server, c, port } = await start(SPIN);
    try {
      assert.equal(await c.ask('QStartNoAckMode'), 'OK');
      c.noAck = true;
      c.send('c');
      assert.equal(await c.hasReply(300), false, 'the guest spins');
      const t0 = performance.now();
      c.raw('\x03');
      assert.equal(await c.next(2000), 'T02thread:1;');
      assert.ok(performance.now() - t0 < 200, `paused after ${performance.now() - t0} ms`);
      const pc = reg(await c.ask('g'), 32);
      assert.equal(await c.ask('D'), 'OK');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(stub.rt.state, 'stopped');
      const c2 = await RspClient.open(port);
      try {
        assert.equal(reg(await c2.ask('g'), 32), pc, 'the machine did not move');
        c2.raw('$m8000'); // disconnect in the middle of a packet
      } finally { c2.close(); }
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(stub.rt.state, 'stopped');
      // A client that goes away while the guest runs leaves it paused too.
      const c3 = await RspClient.open(port);
      c3.send('c');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(stub.rt.state, 'running');
      c3.close();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(stub.rt.state, 'stopped');
      assert.equal(stub.isRunning, false);
    } finally {
      c.close();
      await server.close();
    }
  });
});
