/**
 * Reverse execution and snapshots over gdb's remote protocol (gdb-stub/reverse.ts):
 * bs/bc against the recorded history of the debug guest, the replaylog:begin stop at
 * the start of history, and the `monitor snapshot` commands.
 */
import { strict as assert } from 'assert';
import { readFileSync, rmSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseElf } from '../../emulator/loader/elf';
import { GdbStub } from '../../gdb-stub/stub';
import { GdbServer } from '../../gdb-stub/server';
import { toHex } from '../../gdb-stub/packets';
import { RspClient, loadRuntime } from './rspClient';

const PROG = join(__dirname, '..', '..', 'guests', 'debug', 'build', 'prog_o0.elf');
const elf = parseElf(new Uint8Array(readFileSync(PROG)));
const add = BigInt(elf.symbolByName('add')!.value);

function reg(g: string, n: number): bigint {
  const h = g.slice(n * 16, n * 16 + 16);
  let v = 0n;
  for (let i = 14; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(h.slice(i, i + 2), 16));
  return v;
}

async function monitor(c: RspClient, cmd: string): Promise<string> {
  const r = await c.ask(`qRcmd,${toHex(cmd)}`);
  return Buffer.from(r, 'hex').toString('utf8');
}

describe('gdb stub: reverse execution and snapshots', () => {
  it('bc returns to earlier breakpoint hits, bs steps one instruction back, replaylog:begin at the start', async () => {
    const rt = loadRuntime(PROG, 1);
    const server = new GdbServer(new GdbStub(rt), { port: 0 });
    const { port } = await server.listen();
    const c = await RspClient.open(port);
    try {
      assert.match(await c.ask('qSupported:swbreak+'), /ReverseStep\+;ReverseContinue\+/);
      assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
      const hits: string[] = [];
      for (let k = 0; k < 3; k++) { assert.match(await c.ask('c'), /^T05thread:1;/); hits.push(await c.ask('g')); }
      assert.deepEqual(hits.map((g) => [reg(g, 10), reg(g, 11)]), [[2n, 3n], [5n, 0n], [5n, 1n]]);
      assert.match(await c.ask('bc'), /^T05thread:1;/);
      assert.equal(await c.ask('g'), hits[1], 'reverse continue: registers of the second hit');
      assert.match(await c.ask('bs'), /^T05thread:1;/);
      const before = await c.ask('g');
      assert.notEqual(reg(before, 32), add, 'one instruction before add: in main');
      assert.equal(reg(before, 1) !== 0n, true);
      assert.match(await c.ask('s'), /^T05/);
      assert.equal(await c.ask('g'), hits[1], 'stepping forward again reaches the same state');
      assert.match(await c.ask('bc'), /^T05/);
      assert.equal(await c.ask('g'), hits[0]);
      assert.match(await c.ask('bc'), /replaylog:begin;/);
      assert.equal(reg(await c.ask('g'), 32), 0x1000n, 'at the reset vector');
      // Forward again replays the recorded run: the first hit.
      assert.match(await c.ask('c'), /^T05/);
      assert.equal(await c.ask('g'), hits[0]);
    } finally {
      c.close();
      await server.close();
    }
  });

  it('monitor snapshot save, list, diff and restore', async () => {
    const rt = loadRuntime(PROG, 1);
    const server = new GdbServer(new GdbStub(rt), { port: 0 });
    const { port } = await server.listen();
    const c = await RspClient.open(port);
    const file = join(tmpdir(), `hyperstep-gdb-${process.pid}.hysnap`);
    try {
      assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
      await c.ask('c');
      const g1 = await c.ask('g');
      const saved = await monitor(c, `snapshot save ${file}`);
      const id = Number(/snapshot (\d+) at instruction (\d+)/.exec(saved)![1]);
      assert.match(saved, /saved the machine to .*hysnap/);
      assert.ok(existsSync(file));
      await c.ask('c');
      assert.match(await monitor(c, 'snapshot list'), new RegExp(`\\n +${id} +instruction +\\d+ .*pinned`));
      assert.match(await monitor(c, `snapshot diff ${id} now`), /hart 0 a0 \(x10\) +0x2 -> 0x5/);
      assert.match(await monitor(c, `snapshot restore ${id}`), new RegExp(`at snapshot ${id}`));
      assert.equal(await c.ask('g'), g1, 'registers of the saved point');
      assert.match(await monitor(c, 'snapshot restore 999'), /no snapshot 999/);
    } finally {
      c.close();
      await server.close();
      rmSync(file, { force: true });
    }
  });
});
