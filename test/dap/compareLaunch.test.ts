/**
 * DAP scenarios of the comparison view's "Debug this mode" (emulator/host/compareLaunch.ts
 * modeLaunchConfig): the launch configuration of a mode's stack, driven through the real
 * adapter. For `native` (OpenSBI → small kernel → workload) and `hw-assisted` (OpenSBI →
 * reference hypervisor → small kernel in VS-mode, VMID 1 → workload): a function
 * breakpoint on the small kernel's system-call dispatcher (lx_syscall,
 * guests/hypervisor/guest/lx_syscall.c) stops there with the kernel's stack (and, under
 * the hypervisor, in the guest's context), then the workload runs to its end with its
 * checksum line on the UART (guests/compare/README.md) and exit code 0; the same for
 * `trap-and-emulate`, whose kernel runs in U-mode in the tae hypervisor's shadow address
 * space (the breakpoint binds once that maps the kernel). Also checks
 * that every mode's configuration passes the adapter's launch validation.
 * Skipped when Debian's OpenSBI or the comparison guests (make -C guests compare) are missing.
 */
import { strict as assert } from 'assert';
import { existsSync, statSync } from 'fs';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, useSessions, type Session } from './helpers';
import { modeLaunchConfig, COMPARE_DISK_PATH } from '../../emulator/host/compareLaunch';
import { COMPARE_MODES, type CompareModeName } from '../../emulator/compare/result';
import { COMPARE_DISK_BYTES } from '../../emulator/compare/disk';
import { parseLaunchArgs } from '../../debug-adapter/launchArgs';
import { compareScript } from '../../emulator/host/compareLinux';

const FW = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const BUILD = join(ROOT, 'guests/compare/build');
const LX_SYSCALL_C = join(ROOT, 'guests/hypervisor/guest/lx_syscall.c');
/** The workload's last line (guests/compare/README.md): the same on every stack. */
const CHECKSUM_LINE = 'compare: checksum 0x92f0e414a85692e4';
/** System calls the small kernel implements (guests/compare/README.md). */
const SYSCALLS = [56, 57, 63, 64, 67, 68, 82, 93, 94, 101, 113, 172, 214, 215, 222];

/** UART text of the session so far (the adapter's stdout output events). */
function uart(s: Session): string {
  return s.log.filter((r) => r.event.event === 'output' && (r.event as DebugProtocol.OutputEvent).body.category === 'stdout')
    .map((r) => (r.event as DebugProtocol.OutputEvent).body.output).join('');
}

describe('DAP: debugging a comparison mode (modeLaunchConfig)', function () {
  this.timeout(120_000);
  const session = useSessions();
  before(function () {
    const need = [FW, ...['kernel-native.elf', 'tae.elf', 'hv-compare.elf', 'kernel.elf', 'workload'].map((f) => join(BUILD, f))];
    const missing = need.filter((f) => !existsSync(f));
    if (missing.length > 0) { console.log(`    skipped: needs ${missing.join(', ')}`); this.skip(); }
  });

  it('every mode gives a configuration the adapter accepts, with the comparison disk as its drive', () => {
    for (const mode of COMPARE_MODES) {
      const config = modeLaunchConfig(mode, ROOT);
      const payload = config.debianLinux !== true;
      if (!payload && !existsSync(join(ROOT, 'guests/kvm/build/vmm')) && mode === 'type2') continue;
      const r = parseLaunchArgs(config, { isFile: (p) => existsSync(p) && statSync(p).isFile() }, '/nonexistent');
      assert.ok('spec' in r, `${mode}: ${'error' in r ? r.error : ''}`);
      assert.equal(r.spec.drive, join(ROOT, COMPARE_DISK_PATH), mode);
      assert.equal(statSync(r.spec.drive!).size, COMPARE_DISK_BYTES);
      assert.equal(r.spec.stopOnEntry, false);
      if (payload) {
        assert.equal(r.spec.bios, FW, mode);
        assert.equal(r.spec.memoryMiB, 256, mode);
      } else {
        assert.ok(r.spec.linux?.files?.some((f) => f.guest === '/workload'), `${mode}: the workload is in the initramfs`);
      }
    }
    const dom0 = parseLaunchArgs(modeLaunchConfig('dom0', ROOT), { isFile: existsSync }, '/');
    assert.ok('spec' in dom0);
    assert.deepEqual(dom0.spec.guests?.map((g) => [g.name, g.vmid, g.symbols]), [['kernel', 1, join(BUILD, 'kernel.elf')], ['dom0', 2, join(BUILD, 'dom0.elf')]]);
    assert.equal(dom0.spec.hypervisor, join(BUILD, 'hv-dom0.elf'));
    assert.deepEqual(modeLaunchConfig('trap-and-emulate', ROOT).symbols, [join(BUILD, 'kernel.elf'), join(BUILD, 'workload')]);
    // Linux modes: /init runs what the measured run's /init runs (compareLinux.ts).
    for (const mode of ['linux', 'container', 'type2'] as const) {
      const c = modeLaunchConfig(mode, ROOT);
      assert.equal(c.linuxScript, compareScript(mode), mode);
      assert.equal(c.memory, '256M');
    }
    const type2 = modeLaunchConfig('type2', ROOT);
    assert.deepEqual(type2.linuxModules, ['kvm']);
    assert.deepEqual(Object.keys(type2.linuxFiles as object), ['/workload', '/vmm', '/kernel.bin']);
    assert.deepEqual((type2.guests as { vmid: number }[]).map((g) => g.vmid), [1]);
  });

  /** Launch the mode, stop in lx_syscall, check the stop, then run to the end. */
  async function syscallStopThenRun(mode: CompareModeName, frameSuffix: string, thread: RegExp): Promise<void> {
    const s = await session();
    let bps: DebugProtocol.Breakpoint[] = [];
    await s.launch(modeLaunchConfig(mode, ROOT), async () => {
      bps = (await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'lx_syscall' }] })).body.breakpoints;
    });
    assert.ok(bps[0]?.verified, `lx_syscall bound: ${bps[0]?.message ?? ''}`);
    await s.waitStopped('function breakpoint', 60_000);
    const threads = (await s.dc.threadsRequest()).body.threads;
    assert.match(threads[0].name, thread);
    const stack = await s.stack();
    assert.equal(stack[0].name, `lx_syscall${frameSuffix}`);
    assert.equal(stack[0].source?.path, LX_SYSCALL_C);
    // Below it, the kernel's trap path (lx_trap, or its assembly entry when the call is a tail call).
    assert.ok(stack.slice(1).some((f) => f.name.startsWith('lx_trap') && f.name.endsWith(frameSuffix)), `the trap path calls lx_syscall: ${stack.map((f) => f.name).join(' < ')}`);
    const nr = Number((await s.evaluate('f->x[17]', stack[0].id)).result);
    assert.ok(SYSCALLS.includes(nr), `a7 = ${nr} is one of the workload's system calls`);
    await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    await s.dc.continueRequest({ threadId: threads[0].id });
    assert.equal(await s.waitExit(90_000), 0);
    assert.ok(uart(s).includes(CHECKSUM_LINE), `checksum line in the UART output:\n${uart(s).slice(-400)}`);
  }

  it('native: stops in the small kernel\'s lx_syscall, then the workload runs to its checksum and exit 0', async () => {
    await syscallStopThenRun('native', ' [S]', /^hart 0/);
  });

  it('trap-and-emulate: stops in lx_syscall of the kernel deprivileged to U-mode (shadow page tables), then runs to the checksum and exit 0', async () => {
    // The kernel's addresses are mapped only by the tae hypervisor's shadow tables: the
    // breakpoint binds once they translate (Breakpoints.arm between run slices).
    await syscallStopThenRun('trap-and-emulate', ' [U]', /^hart 0$/);
  });

  it('hw-assisted: stops in lx_syscall in the guest kernel\'s context (VMID 1, VS), then runs to the checksum and exit 0', async () => {
    await syscallStopThenRun('hw-assisted', ' [VS]', /^hart 0 · kernel \[VS\]$/);
  });
});
