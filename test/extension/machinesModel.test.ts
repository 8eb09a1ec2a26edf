/**
 * The workbench's pure model (extension/machinesModel.ts): number and time formatting,
 * the status bar text and tooltip, the Machines tree built from launch configurations
 * and session statuses, and the poll scheduler (fake timers: no timer exists unless a
 * guest runs and someone looks; polls never overlap). The statuses come from a real
 * adapter answer shape (debug-adapter/status.ts MachineStatus).
 */
import { strict as assert } from 'assert';
import {
  buildMachinesTree, formatCount, formatDuration, formatMips, groupDigits, PollScheduler, statusBarText,
  statusBarTooltip, type MachineNode, type MachineStatus, type Timers,
} from '../../extension/machinesModel';
import { StatusTracker } from '../../debug-adapter/status';
import { DebugRuntime, type DebugHost } from '../../emulator/debug/runtime';
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

function status(over: Partial<MachineStatus> = {}): MachineStatus {
  return {
    state: 'running', instructions: 1_234_567_890, mips: 312.4, seconds: 3.95,
    harts: [{ id: 0, mode: 'S', pc: '0x80200abc', symbol: 'main+0x1c', idle: false }],
    stats: {} as MachineStatus['stats'], ...over,
  };
}

function find(nodes: MachineNode[], pred: (n: MachineNode) => boolean): MachineNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const c = find(n.children ?? [], pred);
    if (c) return c;
  }
  return undefined;
}

describe('extension: Machines view and status bar model', () => {
  it('formats counts, speeds and durations with three significant digits', () => {
    assert.equal(formatCount(1_234_567_890), '1.23 G');
    assert.equal(formatCount(45_200), '45.2 k');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(312_000_000), '312 M');
    assert.equal(groupDigits(1234567), '1,234,567');
    assert.equal(formatMips(312.4), '312');
    assert.equal(formatMips(45.67), '45.7');
    assert.equal(formatMips(0), '0');
    assert.equal(formatDuration(0.4), '0.4 s');
    assert.equal(formatDuration(125), '2 min 05 s');
    assert.equal(formatDuration(3720), '1 h 02 min');
  });

  it('status bar text: running with speed, paused with the place, exited with the code', () => {
    assert.equal(statusBarText(status()), 'HyperStep $(play) 312 MIPS · 1.23 G insns · hart0 [S]');
    assert.equal(statusBarText(status({ state: 'stopped', mips: 0 })), 'HyperStep $(debug-pause) 1.23 G insns · hart0 [S] main+0x1c');
    assert.equal(statusBarText(status({ state: 'exited', exitCode: 3 })), 'HyperStep $(debug-stop) exit 3 · 1.23 G insns');
    const two = status({ harts: [...status().harts, { id: 1, mode: 'VS', pc: '0x1000', context: 'guest1', idle: true }] });
    assert.equal(statusBarText(two), 'HyperStep $(play) 312 MIPS · 1.23 G insns · hart0 [S] +1');
    const tip = statusBarTooltip('demo', two);
    assert.match(tip, /^HyperStep: demo — running\n1,234,567,890 instructions retired, 312 MIPS, 4\.0 s run time\n/);
    assert.match(tip, /hart1 \[VS\] guest1 {2}0x1000 {2}\(idle, WFI\)/);
  });

  it('the tree: sessions (live first) with counters and harts, then launch configurations', () => {
    const tree = buildMachinesTree(
      [{ name: 'hello', program: '${workspaceFolder}/hello.elf', folder: 'w', folderIndex: 0 }],
      [
        { id: 'a', name: 'old', ended: true, exitCode: 0, status: status({ state: 'exited', exitCode: 0 }) },
        { id: 'b', name: 'hello', status: status(), uartTerminal: true },
      ]);
    assert.deepEqual(tree.map((n) => n.label), ['Sessions', 'Launch configurations']);
    assert.deepEqual(tree[0].children!.map((n) => `${n.label}: ${n.description}`), ['hello: running · 312 MIPS', 'old: exited (code 0)']);
    const live = tree[0].children![0];
    assert.equal(live.contextValue, 'hyperstep.session.running.uart');
    assert.equal(tree[0].children![1].contextValue, 'hyperstep.session.ended');
    assert.deepEqual(live.children!.map((n) => `${n.label}=${n.description}`), [
      'Instructions=1.23 G  (1,234,567,890)', 'Speed=312 MIPS', 'Run time=4.0 s', 'hart 0 [S]=main+0x1c',
    ]);
    const cfg = find(tree, (n) => n.kind === 'config')!;
    assert.equal(cfg.description, 'hello.elf · 1 running');
    assert.equal(cfg.contextValue, 'hyperstep.config');
    assert.deepEqual(buildMachinesTree([], []), [], 'nothing: the welcome content shows');
  });

  it('the tree from a real adapter status of a paused guest', () => {
    const host: DebugHost = {
      readFile: (p) => new Uint8Array(readFileSync(p)), now: () => performance.now(),
      yieldToHost: () => new Promise((r) => setImmediate(r)), sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    };
    const elf = join(ROOT, 'guests/debug/build/prog_o0.elf');
    const rt = new DebugRuntime(host, { program: elf, firmware: elf, machine: 'virt', memoryMiB: 64, harts: 1, symbols: [] });
    rt.load();
    rt.machine.step(5000);
    const st = new StatusTracker(() => performance.now()).status(rt);
    assert.equal(st.state, 'stopped');
    assert.equal(st.instructions, rt.machine.instret);
    const tree = buildMachinesTree([], [{ id: 's', name: 'prog', status: st }]);
    const hart = find(tree, (n) => n.kind === 'hart')!;
    assert.match(hart.label, /^hart 0 \[(M|S|U)\]$/);
    assert.equal(hart.description?.split(' · ')[0], st.harts[0].symbol ?? st.harts[0].pc);
    assert.ok(st.instructions > 0);
    assert.match(statusBarText(st), /^HyperStep \$\(debug-pause\) \d+(\.\d+)?( [kMG])? insns · hart0 \[[MSU]\] /);
  });

  describe('poll scheduler', () => {
    class FakeTimers implements Timers {
      fns = new Map<number, () => void>();
      private next = 1;
      setInterval(fn: () => void): unknown { const id = this.next++; this.fns.set(id, fn); return id; }
      clearInterval(h: unknown): void { this.fns.delete(h as number); }
      fire(): void { for (const f of [...this.fns.values()]) f(); }
    }

    it('keeps a timer only while a guest runs and someone looks', () => {
      const t = new FakeTimers();
      const s = new PollScheduler(async () => {}, 1000, t);
      assert.equal(s.active, false);
      s.setRunning(true);
      assert.equal(s.active, false, 'running but nobody looks');
      s.setWatched(true);
      assert.equal(s.active, true);
      assert.equal(t.fns.size, 1);
      s.setRunning(false);
      assert.equal(s.active, false);
      assert.equal(t.fns.size, 0, 'the timer is gone when the guest stops');
    });

    it('never overlaps a poll still in flight; kick polls once', async () => {
      const t = new FakeTimers();
      let release: () => void = () => {};
      let started = 0;
      const s = new PollScheduler(() => { started++; return new Promise<void>((r) => { release = r; }); }, 1000, t);
      s.setRunning(true); s.setWatched(true);
      t.fire(); t.fire(); t.fire();
      assert.equal(started, 1, 'ticks during a slow poll are skipped');
      release();
      await new Promise((r) => setImmediate(r));
      s.kick();
      assert.equal(started, 2);
      assert.equal(s.polls, 2);
    });
  });
});
