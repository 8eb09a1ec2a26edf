/**
 * System test: the "HyperStep: Debian Linux" launch configuration over DAP. The
 * standalone adapter (dist/debugAdapter.js) resolves the cached Debian kernel
 * (emulator/host/nodeLinuxBoot.ts; fetched with apt on the first run), boots it with
 * a busybox initramfs whose /init runs `uname -r` ("linuxScript") and powers off,
 * which must end the debug session with exit code 0. The UART goes to the
 * `hyperstep.uart` events (uartTerminal), as in VS Code.
 * Needs: apt-get install opensbi; ~90 s of host time once the kernel is cached.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Session } from '../dap/helpers';

describe('DAP: "debianLinux": true boots Debian Linux', function () {
  this.timeout(10 * 60_000);
  let s: Session | undefined;
  afterEach(async () => { await s?.stop(); s = undefined; });

  it('runs linuxScript (uname -r) and ends with exit code 0 on poweroff', async () => {
    s = await Session.start();
    const t0 = Date.now();
    const launchP = s.dc.launchRequest({
      type: 'hyperstep', request: 'launch', name: 'HyperStep: Debian Linux',
      debianLinux: true, linuxScript: 'uname -r', memory: '512M', harts: 1, stopOnEntry: false, uartTerminal: true,
    } as DebugProtocol.LaunchRequestArguments);
    launchP.catch(() => { /* awaited below */ });
    // The first launch may download the kernel: allow for it before `initialized`.
    await Promise.race([s.nextEvent('initialized', 8 * 60_000), launchP]);
    await s.dc.configurationDoneRequest();
    await launchP;
    const code = await s.waitExit(8 * 60_000);
    const uart = s.log.filter((r) => r.event.event === 'hyperstep.uart')
      .map((r) => String((r.event.body as { text: string }).text)).join('');
    const consoleText = s.log.filter((r) => r.event.event === 'output')
      .map((r) => String((r.event.body as DebugProtocol.OutputEvent['body']).output)).join('');
    const version = /booting Debian Linux (\S+)/.exec(consoleText)?.[1];
    console.log(`      boot + uname + poweroff: ${((Date.now() - t0) / 1000).toFixed(1)} s, kernel ${version}`);
    assert.ok(version !== undefined, `the Debug Console names the kernel: ${consoleText}`);
    assert.match(uart, /Linux version /, 'the kernel booted on the UART');
    assert.ok(uart.split(/\r?\n/).some((l) => l.trim() === version), `uname -r printed ${version}; UART tail: ${uart.slice(-2000)}`);
    assert.equal(code, 0, `exit code (UART tail: ${uart.slice(-1000)})`);
    assert.doesNotMatch(uart, /Kernel panic/);
  });
});
