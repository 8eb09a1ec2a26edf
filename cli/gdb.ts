/**
 * `hyperstep run --gdb [HOST:]PORT [--wait]`: the machine under a DebugRuntime, served
 * to gdb (and other RSP clients) by gdb-stub/, the way QEMU's `-s -S` does. Guest console
 * output goes to stdout; standard input feeds the UART. The process ends when the guest
 * powers off (exit status: its exit code) or a client sends `k`.
 */
import { DebugRuntime, type RuntimeConfig } from '../emulator/debug/runtime';
import { parseRngSeed } from '../emulator/devices/seededRng';
import { GdbStub } from '../gdb-stub/stub';
import { GdbServer, isLoopback } from '../gdb-stub/server';
import { isAssemblySource, type RunArgs } from './options';
import { nodeDebugHost } from '../emulator/host/nodeDebugHost';

/** Serve the machine to gdb; resolves with the process exit status. */
export async function runGdb(a: RunArgs, fail: (msg: string) => never): Promise<number> {
  const gdb = a.gdb!;
  const program = a.program ?? a.kernel ?? a.bios!;
  if (isAssemblySource(program)) fail(`${program}: --gdb needs an ELF (assemble it first: hyperstep asm ${program})`);
  let firmware = program, kernel: string | undefined;
  if (a.program === undefined && a.bios !== undefined && a.bios !== 'none') { firmware = a.bios; kernel = a.kernel; }
  const config: RuntimeConfig = {
    program, firmware, kernel, machine: a.machine, memoryMiB: a.ramMiB, harts: a.harts, symbols: [],
    initrd: a.initrd, bootargs: a.append,
    maxInsns: Number.isFinite(a.maxInsns) ? a.maxInsns : undefined,
  };
  try {
    if (a.rngSeed !== undefined) config.rngSeed = parseRngSeed(a.rngSeed);
  } catch (e) { return fail((e as Error).message); }
  const rt = new DebugRuntime(nodeDebugHost, config);
  try { rt.load(); } catch (e) { return fail((e as Error).message); }
  let done: (code: number) => void = () => undefined;
  const finished = new Promise<number>((r) => { done = r; });
  const stub = new GdbStub(rt, { onKill: () => done(0) });
  stub.onOutput = (text) => { process.stdout.write(text); };
  stub.onMessage = (text) => { process.stderr.write(text); };
  rt.onEvent((e) => {
    if (e.type !== 'exited') return;
    // With a client attached, its W reply goes out first; it then disconnects.
    if (!server.connected) done(e.exitCode);
  });
  const server = new GdbServer(stub, { host: gdb.host, port: gdb.port });
  server.onDisconnect = () => { if (rt.state === 'exited') done(rt.machine.halted?.code ?? 0); };
  if (!isLoopback(gdb.host)) {
    process.stderr.write(`hyperstep: warning: the gdb stub listens on ${gdb.host}: anyone who can reach this port controls the machine (memory, registers)\n`);
  }
  let addr;
  try { addr = await server.listen(); } catch (e) { return fail(`--gdb ${gdb.host}:${gdb.port}: ${(e as Error).message}`); }
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  process.stderr.write(`gdb stub listening on ${shown}:${addr.port}\n`);
  if (!process.stdin.isTTY) process.stdin.on('data', (b: Buffer) => rt.sendInput(b.toString('latin1')));
  if (a.gdbWait !== true) void stub.startRunning();
  const code = await finished;
  process.stdin.destroy();
  await server.close();
  return code;
}
