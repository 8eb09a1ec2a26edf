/**
 * DAP scenarios of hypervisor-aware debugging on the reference hypervisor
 * (guests/hypervisor: OpenSBI → hypervisor in HS-mode → guest1 and guest2 in VS-mode,
 * VMIDs 1 and 2, both linked at the same guest virtual addresses; docs/debugging.md):
 * context-bound breakpoints, the stitched stack across a VM exit, the VM-exit filter,
 * another guest's symbols, the two-stage translation report, and the H CSRs.
 * Skipped when Debian's OpenSBI is not installed.
 */
import { strict as assert } from 'assert';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { GUESTS, hexIn, symbolAddr, useSessions, type Session } from './helpers';

const FW = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const HV = join(GUESTS, 'hypervisor/build/hypervisor.elf');
const G1 = join(GUESTS, 'hypervisor/build/guest1.elf');
const G2 = join(GUESTS, 'hypervisor/build/guest2.elf');
const G1_SRC = join(GUESTS, 'hypervisor/guest/guest1.c');

const CONFIG = {
  bios: FW, kernel: HV, hypervisor: HV, memory: '256M', stopOnEntry: false,
  guests: [{ name: 'guest1', vmid: 1, symbols: G1 }, { name: 'guest2', vmid: 2, symbols: G2 }],
};

/** readMemory (the test client has no typed helper for it). */
async function readMemory(s: Session, memoryReference: string, count: number): Promise<Buffer> {
  const r = await s.dc.customRequest('readMemory', { memoryReference, count });
  return Buffer.from((r.body as { data: string }).data, 'base64');
}

/** 1-based line of the first line of file containing text. */
function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `'${text}' in ${file}`);
  return i + 1;
}

describe('DAP: hypervisor-aware debugging (reference hypervisor)', function () {
  this.timeout(60_000);
  const session = useSessions();
  before(function () {
    if (!existsSync(FW)) { console.log(`    skipped: needs ${FW} (apt-get install opensbi)`); this.skip(); }
  });

  async function threadName(s: Session): Promise<string> {
    return (await s.dc.threadsRequest()).body.threads[0].name;
  }

  async function stopAt(s: Session, fn: string): Promise<void> {
    await s.launch(CONFIG, async () => { await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: fn }] }); });
    await s.waitStopped('function breakpoint', 30_000);
  }

  it('a guest-1 breakpoint in guest_work stops only in guest 1, once per round', async () => {
    const s = await session();
    const line = lineOf(G1_SRC, 'counter += round;');
    let bps: DebugProtocol.Breakpoint[] = [];
    await s.launch(CONFIG, async () => { bps = await s.setBreakpoints(G1_SRC, [{ line }]); });
    assert.ok(bps[0].verified, bps[0].message);
    const rounds: string[] = [];
    for (let i = 0; i < 5; i++) {
      await s.waitStopped('breakpoint', 30_000);
      assert.match(await threadName(s), /^hart 0 · guest1 \[VS\]$/);
      const top = await s.topFrame();
      assert.equal(top.name, 'guest_work [VS]');
      assert.equal(top.source?.path, G1_SRC);
      assert.equal(top.line, line);
      rounds.push((await s.evaluate('round', top.id)).result);
      await s.dc.continueRequest({ threadId: 1 });
    }
    // No sixth stop (guest 2 runs the same addresses): the machine powers off.
    assert.equal(await s.waitExit(30_000), 0);
    assert.deepEqual(rounds, ['1', '2', '3', '4', '5']);
  });

  it('a function breakpoint without a prefix binds in every guest that has the function', async () => {
    const s = await session();
    let resp: DebugProtocol.SetFunctionBreakpointsResponse | undefined;
    await s.launch(CONFIG, async () => {
      resp = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'guest_work' }, { name: 'guest3::guest_work' }] });
    });
    assert.ok(resp!.body.breakpoints[0].verified);
    assert.equal(resp!.body.breakpoints[1].verified, false);
    assert.match(resp!.body.breakpoints[1].message ?? '', /no context named 'guest3'/);
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      await s.waitStopped('function breakpoint', 30_000);
      seen.add(await threadName(s));
      await s.dc.continueRequest({ threadId: 1 });
    }
    assert.deepEqual([...seen].sort(), ['hart 0 · guest1 [VS]', 'hart 0 · guest2 [VS]']);
  });

  it('an instruction breakpoint may name its context (guest2:0x…): it stops only in that guest', async () => {
    const s = await session();
    const addr = symbolAddr(G2, 'guest_work');
    let resp: DebugProtocol.SetInstructionBreakpointsResponse | undefined;
    await s.launch(CONFIG, async () => {
      resp = await s.dc.customRequest('setInstructionBreakpoints', {
        breakpoints: [{ instructionReference: `guest2:0x${addr.toString(16)}` }, { instructionReference: 'guest5:0x1000' }],
      }) as DebugProtocol.SetInstructionBreakpointsResponse;
    });
    assert.ok(resp!.body.breakpoints[0].verified);
    assert.equal(resp!.body.breakpoints[1].verified, false);
    assert.match(resp!.body.breakpoints[1].message ?? '', /no context named 'guest5'/);
    for (let i = 0; i < 5; i++) {
      await s.waitStopped('instruction breakpoint', 30_000);
      assert.match(await threadName(s), /^hart 0 · guest2 \[VS\]$/);
      assert.equal((await s.topFrame()).name, 'guest_work [VS]');
      await s.dc.continueRequest({ threadId: 1 });
    }
    assert.equal(await s.waitExit(30_000), 0);
  });

  it('handle_vm_exit shows the stitched stack: hypervisor frames, the VM exit, guest frames to guest_main', async () => {
    const s = await session();
    await stopAt(s, 'guest1::guest_work');
    const round = (await s.evaluate('round', (await s.topFrame()).id)).result;
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'hypervisor::handle_vm_exit' }] });
    await s.continueTo('function breakpoint');
    assert.match(await threadName(s), /^hart 0 · hypervisor \[HS\]$/);
    const frames = (await s.dc.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 40 })).body.stackFrames;
    const names = frames.map((f) => f.name);
    assert.equal(names[0], 'handle_vm_exit [HS]');
    const at = frames.findIndex((f) => f.presentationHint === 'label');
    assert.ok(at > 0, `a label frame (${names.join(' | ')})`);
    assert.match(frames[at].name, /^── VM exit: .* from guest1 at 0x[0-9a-f]+ ──$/);
    const guest = frames.slice(at + 1);
    assert.ok(guest.every((f) => / \[VS\]$/.test(f.name)), names.join(' | '));
    // Down to guest_main (and the guest's assembly entry below it).
    const main = guest.findIndex((f) => f.name === 'guest_main [VS]');
    assert.ok(main >= 0 && main >= guest.length - 2, names.join(' | '));
    const work = guest.find((f) => f.name === 'guest_work [VS]');
    assert.ok(work, names.join(' | '));
    assert.equal(work.source?.path, G1_SRC);
    // The guest frame's locals come through both translation stages.
    const locals = await s.values(await s.scopeRef(work.id, 'Locals'));
    assert.equal(locals.get('round'), round);
    assert.equal((await s.evaluate('round', work.id)).result, round);
    // Guest memory under a VM exit is named by its context (View Binary Data reads it there),
    // and hovering a guest pointer shows where it leads.
    const c = await s.evaluate('counter', work.id);
    assert.match(c.memoryReference ?? '', /^guest1:gva:0xffffffff8[0-9a-f]+$/);
    const hover = await s.evaluate('&counter', work.id, 'hover');
    assert.match(hover.result, /\(GVA 0xffffffff8[0-9a-f]+ → GPA 0x8[0-9a-f]+ → HPA 0x84[0-9a-f]+\)$/);
  });

  it('the VM-exit filter stops on an exit and names its cause', async () => {
    const s = await session();
    assert.ok(!s.capabilities.exceptionBreakpointFilters?.some((f) => f.filter === 'vmExit'), 'VM filters only in hypervisor sessions');
    await s.launch(CONFIG, async () => {
      // The launch of a hypervisor session adds them with a capabilities event.
      const { event } = await s.nextEvent<DebugProtocol.CapabilitiesEvent>('capabilities');
      const ids = (event.body.capabilities.exceptionBreakpointFilters ?? []).map((f) => f.filter);
      for (const id of ['illegal', 'vmExit', 'vmEntry', 'guestPageFault', 'virtualInsn', 'hypercall']) assert.ok(ids.includes(id), id);
      await s.dc.setExceptionBreakpointsRequest({ filters: ['vmExit'] });
    });
    const ev = await s.waitStopped('exception', 30_000);
    assert.match(ev.body.description ?? '', /^VM exit: .+ from guest[12] at 0x[0-9a-f]+$/);
    assert.match(await threadName(s), /^hart 0 · hypervisor \[HS\]$/);
    const info = await s.dc.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 40 });
    assert.ok(info.body.stackFrames.some((f) => f.presentationHint === 'label'));
    // The hypercall filter only stops on ECALLs from VS-mode.
    await s.dc.setExceptionBreakpointsRequest({ filters: ['hypercall'] });
    const hc = await s.continueTo('exception');
    assert.match(hc.body.description ?? '', /^VM exit: hypercall \(ECALL from VS-mode\) from guest[12] at 0x/);
  });

  it('guest2:: symbols evaluate while guest 1 runs; memory references name a context and a stage', async () => {
    const s = await session();
    await s.launch(CONFIG, async () => {
      await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'guest2::guest_work', condition: 'round == 2' }] });
    });
    await s.waitStopped('function breakpoint', 30_000);
    assert.match(await threadName(s), /guest2 \[VS\]/);
    assert.equal((await s.evaluate('counter', (await s.topFrame()).id)).result, '10'); // one round done
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'guest1::guest_work' }] });
    await s.continueTo('function breakpoint');
    assert.match(await threadName(s), /guest1 \[VS\]/);
    const top = await s.topFrame();
    const round = Number((await s.evaluate('round', top.id)).result);
    assert.equal((await s.evaluate('counter', top.id)).result, String((round - 1) * round / 2));
    assert.equal((await s.evaluate('guest1::counter', top.id)).result, String((round - 1) * round / 2));
    const other = Number((await s.evaluate('guest2::counter', top.id)).result);
    assert.ok(other >= 20 && other % 10 === 0, `guest2::counter = ${other}`);
    await assert.rejects(s.evaluate('guest9::counter', top.id), /no context named 'guest9'/);

    // The same variable through a guest virtual, guest physical and host physical address.
    const va = symbolAddr(G2, 'counter');
    const rep = (await s.dc.customRequest('hyperstep.translate', { address: `0x${va.toString(16)}`, context: 'guest2' })).body;
    const read = async (ref: string): Promise<number> => {
      const r = await readMemory(s, ref, 4);
      return r.readInt32LE(0);
    };
    assert.equal(await read(`guest2:gva:0x${va.toString(16)}`), other);
    assert.equal(await read(`guest2:gpa:${rep.gpa}`), other);
    assert.equal(await read(`hpa:${rep.hpa}`), other);
    await assert.rejects(readMemory(s, 'guest7:0x1000', 4), /unknown context 'guest7'/);
  });

  it('a translation report matches the walk computed by hand from the page tables', async () => {
    const s = await session();
    await stopAt(s, 'guest1::guest_work');
    const va = symbolAddr(G1, 'counter');
    const rep = (await s.dc.customRequest('hyperstep.translate', { address: `0x${va.toString(16)}`, context: 'guest1' })).body;
    assert.equal(rep.stages[0].stage, 'VS');
    assert.equal(rep.stages[0].mode, 'Sv39');
    assert.equal(rep.stages[1].stage, 'G');
    assert.equal(rep.stages[1].mode, 'Sv39x4');
    // By hand: vsatp and hgatp from the CSRs, then each PTE read from host memory.
    const csr = async (name: string): Promise<bigint> => hexIn((await s.evaluate(name, (await s.topFrame()).id)).result);
    const vsatp = await csr('vsatp'); // the debugger names CSRs architecturally (V=1: satp is HS's)
    const hgatp = await csr('hgatp');
    const u64 = async (pa: bigint): Promise<bigint> => (await readMemory(s, `hpa:0x${pa.toString(16)}`, 8)).readBigUInt64LE(0);
    const gstage = async (gpa: bigint): Promise<bigint> => {
      let table = (hgatp & ((1n << 44n) - 1n)) << 12n;
      for (let level = 2; level >= 0; level--) {
        const idx = (gpa >> BigInt(12 + 9 * level)) & (level === 2 ? 2047n : 511n);
        const pte = await u64(table + idx * 8n);
        const ppn = (pte >> 10n) & ((1n << 44n) - 1n);
        if ((pte & 0xen) !== 0n) return ((ppn << 12n) & ~((1n << BigInt(12 + 9 * level)) - 1n)) | (gpa & ((1n << BigInt(12 + 9 * level)) - 1n));
        table = ppn << 12n;
      }
      throw new Error('no G-stage leaf');
    };
    let table = (vsatp & ((1n << 44n) - 1n)) << 12n;
    let gpa = -1n;
    for (let level = 2; level >= 0 && gpa < 0n; level--) {
      const idx = (va >> BigInt(12 + 9 * level)) & 511n;
      const pte = await u64(await gstage(table + idx * 8n));
      const ppn = (pte >> 10n) & ((1n << 44n) - 1n);
      if ((pte & 0xen) !== 0n) gpa = ((ppn << 12n) & ~((1n << BigInt(12 + 9 * level)) - 1n)) | (va & ((1n << BigInt(12 + 9 * level)) - 1n));
      else table = ppn << 12n;
    }
    const hpa = await gstage(gpa);
    assert.equal(BigInt(rep.gpa), gpa);
    assert.equal(BigInt(rep.hpa), hpa);
    assert.equal(rep.summary, `GVA 0x${va.toString(16)} → GPA 0x${gpa.toString(16)} → HPA 0x${hpa.toString(16)}`);
  });

  it('bad input: an unconfigured VMID and a symbol file of another build get clear messages', async () => {
    const s = await session();
    await s.launch({ ...CONFIG, guests: [{ name: 'guest1', vmid: 1, symbols: G2 }] });
    assert.equal(await s.waitExit(30_000), 0);
    const text = s.log.filter((r) => r.event.event === 'output').map((r) => String(r.event.body.output)).join('');
    assert.match(text, /HyperStep: guest1 \(VMID 1\): its code at guest physical 0x8[0-9a-f]+ differs from .*guest2\.elf/);
    assert.match(text, /HyperStep: a guest with VMID 2 is running, but no guest of the launch configuration has that VMID \(guest1 = 1\)/);
    // Launch-time checks: a duplicate VMID, a reserved name, a missing file.
    for (const [guests, re] of [
      [[{ name: 'a', vmid: 1, symbols: G1 }, { name: 'b', vmid: 1, symbols: G2 }], /vmid 1 is used by another guest/],
      [[{ name: 'hypervisor', vmid: 1, symbols: G1 }], /"hypervisor" is reserved/],
      [[{ name: 'g', vmid: 1, symbols: '/no/such.elf' }], /does not exist/],
    ] as const) {
      const t = await session();
      await assert.rejects(t.launch({ ...CONFIG, guests }), re);
    }
  });

  it('the Hypervisor and Virtual supervisor CSR groups decode fields, and a field write takes effect', async () => {
    const s = await session();
    await stopAt(s, 'guest1::guest_work');
    const top = await s.topFrame();
    const groups = await s.variables(await s.scopeRef(top.id, 'CSRs'));
    const group = async (name: string): Promise<DebugProtocol.Variable[]> => {
      const g = groups.find((x) => x.name === name);
      assert.ok(g, `group ${name} (have ${groups.map((x) => x.name).join(', ')})`);
      return s.variables(g.variablesReference);
    };
    const hyp = await group('Hypervisor');
    const hgatp = hyp.find((c) => c.name === 'hgatp')!;
    const hf = await s.values(hgatp.variablesReference);
    assert.equal(hf.get('MODE'), 'Sv39x4');
    assert.equal(hf.get('VMID'), '1');
    const hstatus = hyp.find((c) => c.name === 'hstatus')!;
    // In the guest: SRET cleared SPV on entry (priv spec 20211203 8.6.4).
    assert.equal((await s.values(hstatus.variablesReference)).get('SPV'), '0');
    await s.dc.setVariableRequest({ variablesReference: hstatus.variablesReference, name: 'VTW', value: '1' });
    assert.equal((hexIn((await s.evaluate('hstatus', top.id)).result) >> 21n) & 1n, 1n);
    const vs = await group('Virtual supervisor');
    assert.ok(vs.some((c) => c.name === 'vsatp'));
    const machine = await group('Machine');
    assert.ok(machine.some((c) => c.name === 'mtval2') && machine.some((c) => c.name === 'mtinst'));
  });
});
