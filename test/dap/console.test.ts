/**
 * DAP scenarios, the Debug Console: gdb-style commands in evaluate requests of context
 * 'repl' (x/NFU, p/F, info registers, info breakpoints) checked against what the
 * adapter reports through other requests (readMemory, disassemble, variables), and the
 * completions request (commands, $registers, CSR fields, members, symbols).
 */
import { strict as assert } from 'assert';
import { existsSync } from 'fs';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, GUESTS, SRC, Session, hex, markerLine, parseAddr, runToMarker, symbolAddr, useSessions } from './helpers';

/** Stopped at BP:locals in locals_demo (its locals initialised; it has a local named `p`). */
async function atLocals(s: Session): Promise<DebugProtocol.StackFrame> {
  const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
  assert.equal(frame.name, 'locals_demo [M]');
  return frame;
}

const repl = async (s: Session, text: string, frameId: number): Promise<string> => (await s.evaluate(text, frameId, 'repl')).result;

async function readU64(s: Session, addr: bigint): Promise<bigint> {
  const r = await s.dc.customRequest('readMemory', { memoryReference: hex(addr), count: 8 }) as DebugProtocol.ReadMemoryResponse;
  return Buffer.from(r.body!.data ?? '', 'base64').readBigUInt64LE(0);
}

describe('DAP: Debug Console commands and completion', function () {
  this.timeout(5000);
  const session = useSessions();

  it('announces completions with the trigger characters . / $', async () => {
    const s = await session();
    assert.equal(s.capabilities.supportsCompletionsRequest, true);
    assert.deepEqual(s.capabilities.completionTriggerCharacters, ['.', '/', '$']);
  });

  it('x/NFU examines memory: words of an array, giants at $sp, a string', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const arr = parseAddr((await s.evaluate('&arr', frame.id)).result);
    assert.equal(await repl(s, 'x/3dw arr', frame.id), `${hex(arr)}:\t7\t8\t9`);
    const sp = parseAddr((await s.evaluate('$sp', frame.id)).result);
    const lines = (await repl(s, 'x/4xg $sp', frame.id)).split('\n');
    assert.equal(lines.length, 2);
    const first = lines[0].split('\t');
    assert.equal(first[0], `${hex(sp)}:`);
    assert.equal(BigInt(first[1]), await readU64(s, sp));
    assert.equal(BigInt(first[2]), await readU64(s, sp + 8n));
    assert.equal(lines[1].split('\t')[0], `${hex(sp + 16n)}:`);
    const msg = parseAddr((await s.evaluate('msg', frame.id)).result);
    assert.equal(await repl(s, 'x/s msg', frame.id), `${hex(msg)}:\t"hi there"`);
    // Continuing: the next unit after the last one shown.
    assert.equal((await repl(s, 'x/xw &g_array', frame.id)), `${hex(symbolAddr(ELF.o0, 'g_array'))} <g_array>:\t0x0000000a`);
    assert.equal((await repl(s, 'x', frame.id)), `${hex(symbolAddr(ELF.o0, 'g_array') + 4n)} <g_array+0x4>:\t0x00000014`);
  });

  it('x/4i $pc disassembles the instructions the disassemble request lists, marking the pc', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const pc = parseAddr(frame.instructionPointerReference);
    const lines = (await repl(s, 'x/4i $pc', frame.id)).split('\n');
    const dis = (await s.dc.disassembleRequest({ memoryReference: hex(pc), instructionCount: 4 })).body!.instructions;
    assert.equal(lines.length, 4);
    lines.forEach((l, i) => {
      const m = /^(=> | {3})(0x[0-9a-f]+) <locals_demo\+0x[0-9a-f]+>:\t\S/.exec(l);
      assert.ok(m, l);
      assert.equal(m[1], i === 0 ? '=> ' : '   ');
      assert.equal(BigInt(m[2]), parseAddr(dis[i].address), `instruction ${i}`);
    });
  });

  it('p and p/F print expressions, even with a local named p', async () => {
    const s = await session();
    const frame = await atLocals(s);
    assert.equal(await repl(s, 'p i_val', frame.id), '-42');
    assert.equal(await repl(s, 'print local_pt', frame.id), '{x = 5, y = 6}');
    assert.equal(await repl(s, 'p/x i_val', frame.id), '0xffffffd6');
    assert.equal(await repl(s, 'p/t uc', frame.id), '11001000');
    assert.equal(await repl(s, 'p/c c', frame.id), "65 'A'");
    assert.equal(await repl(s, 'p/d uc', frame.id), '-56');
    assert.equal(await repl(s, 'p/a p', frame.id), `${hex(symbolAddr(ELF.o0, 'g_origin'))} <g_origin>`);
    assert.equal(await repl(s, 'p/x d', frame.id), '0x4004000000000000');
    // `p` alone and `p->x` are expressions on the local p.
    assert.equal(await repl(s, 'p->x', frame.id), '3');
    assert.equal(await repl(s, 'p', frame.id), (await s.evaluate('p', frame.id)).result);
    await assert.rejects(s.evaluate('p/d local_pt', frame.id, 'repl'), /p\/d works on scalar values/);
    await assert.rejects(s.evaluate('x/4xw 0', frame.id, 'repl'), /cannot read memory at 0x0/);
  });

  it('info registers (all, or named ones) agrees with the Registers scope; info breakpoints lists the hit breakpoint', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const regs = await s.values(await s.scopeRef(frame.id, 'Registers'));
    const all = (await repl(s, 'info registers', frame.id)).split('\n');
    assert.equal(all.length, 33);
    for (const line of all) {
      const [name, value] = line.split(/\s+/);
      assert.equal(BigInt(value), BigInt(regs.get(name)!.split(' ')[0]), line);
    }
    const named = (await repl(s, 'info registers a0 $sp mstatus', frame.id)).split('\n');
    assert.deepEqual(named.map((l) => l.split(/\s+/)[0]), ['a0', 'sp', 'mstatus']);
    assert.match(named[2], /^mstatus +0x[0-9a-f]{16} +\{.*FS=Dirty.*\}$/);
    const bps = await repl(s, 'info breakpoints', frame.id);
    assert.match(bps, new RegExp(`^1 +source +0x[0-9a-f]+ +1 +${SRC.prog.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${markerLine(SRC.prog, 'locals')}$`, 'm'));
  });

  it('completes registers after $, CSR fields, members, symbols, commands and formats', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const complete = async (text: string, column = text.length + 1): Promise<DebugProtocol.CompletionItem[]> =>
      (await s.dc.completionsRequest({ frameId: frame.id, text, column })).body.targets;
    const labels = async (text: string): Promise<string[]> => (await complete(text)).map((c) => c.label);
    const ms = await complete('p $ms');
    assert.deepEqual(ms.map((c) => [c.label, c.length]), [['$mstatus', 3], ['$mscratch', 3]]);
    assert.deepEqual(await labels('mstatus.MP'), ['MPIE', 'MPP', 'MPRV', 'MPV']);
    assert.deepEqual(await labels('p local_pt.'), ['x', 'y']);
    assert.deepEqual(await labels('p->'), ['x', 'y']);
    assert.deepEqual(await labels('local'), ['local_pt', 'locals_demo']);
    assert.ok((await labels('g_ar')).includes('g_array'));
    assert.deepEqual(await labels('inf'), ['info']);
    assert.deepEqual(await labels('info r'), ['registers']);
    assert.ok((await labels('x/4')).includes('4i'));
    assert.deepEqual(await labels('i_v'), ['i_val']);
    // The cursor after the first character: the word up to it is completed.
    const mid = await complete('i_val + uc', 2);
    assert.ok(mid.some((c) => c.label === 'info') && mid.some((c) => c.label === 'i_val'), JSON.stringify(mid));
    for (const c of mid) assert.ok(c.label.startsWith('i') && c.length === 1, JSON.stringify(c));
  });
});

describe('DAP: Debug Console commands in a hypervisor session', function () {
  this.timeout(60_000);
  const session = useSessions();
  const FW = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
  const HV = join(GUESTS, 'hypervisor/build/hypervisor.elf');
  const G1 = join(GUESTS, 'hypervisor/build/guest1.elf');
  const G2 = join(GUESTS, 'hypervisor/build/guest2.elf');
  before(function () {
    if (!existsSync(FW)) { console.log(`    skipped: needs ${FW} (apt-get install opensbi)`); this.skip(); }
  });

  it('p and x take a context prefix: guest2::counter while guest 1 runs', async () => {
    const s = await session();
    await s.launch({
      bios: FW, kernel: HV, hypervisor: HV, memory: '256M', stopOnEntry: false,
      guests: [{ name: 'guest1', vmid: 1, symbols: G1 }, { name: 'guest2', vmid: 2, symbols: G2 }],
    }, async () => { await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'guest1::guest_work', condition: 'round == 3' }] }); });
    await s.waitStopped('function breakpoint', 30_000);
    const top = await s.topFrame();
    const other = (await s.evaluate('guest2::counter', top.id)).result;
    assert.equal(await repl(s, 'p guest2::counter', top.id), other);
    const va = symbolAddr(G2, 'counter');
    // guest 2's memory through its own translation (both guests link counter at the same address)
    assert.equal(await repl(s, 'x/dw guest2::&counter', top.id), `${hex(va)} <counter>:\t${other}`);
    // without a prefix: guest 1's counter, (round - 1) * round / 2 at round 3
    assert.equal(await repl(s, 'p counter', top.id), '3');
    assert.notEqual(other, '3');
  });
});
