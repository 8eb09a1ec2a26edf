/**
 * `"gdbServer": PORT` launches: the gdb remote protocol stub (gdb-stub/) served beside
 * the DAP session, on the session's own DebugRuntime, so VS Code and gdb drive one
 * machine together (docs/gdb.md, "gdb beside VS Code").
 *
 * - A stop is seen by both: the runtime's stopped/exited events reach the session
 *   (DAP `stopped`) and the stub (the stop reply of a continue or step gdb is waiting
 *   on, whoever ran the machine).
 * - A continue or step from gdb sends DAP `continued`; a pause from VS Code ends gdb's
 *   continue (T02). A gdb continue while VS Code runs the machine waits for that run's
 *   stop; VS Code's continue while gdb runs it is the same run (DebugRuntime.state).
 * - Breakpoints of the two clients are kept apart (Breakpoints.setExternal); the
 *   runtime's data breakpoints are the union of the editor's and gdb's watchpoints.
 * - gdb's `kill` ends the debug session. A restart serves the new runtime on the same
 *   address (gdb, disconnected, attaches again).
 */
import { ContinuedEvent, OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugRuntime, DataBreakpoint } from '../emulator/debug/runtime';
import { GdbStub } from '../gdb-stub/stub';
import { GdbServer } from '../gdb-stub/server';
import type { LaunchSpec } from './launchArgs';

type Address = NonNullable<LaunchSpec['gdbServer']>;

export class SessionGdbServer {
  private server: GdbServer | null = null;
  private rt: DebugRuntime | undefined;
  /** Where the server listens (the chosen port once port 0 was bound). */
  private where: { host: string; port: number };

  private constructor(private readonly address: Address, private readonly send: (e: DebugProtocol.Event) => void) {
    this.where = { host: address.host, port: address.port };
  }

  /** The server of a spec with `gdbServer`, else undefined. */
  static forSpec(spec: LaunchSpec, send: (e: DebugProtocol.Event) => void): SessionGdbServer | undefined {
    return spec.gdbServer === undefined ? undefined : new SessionGdbServer(spec.gdbServer, send);
  }

  /** Serve rt (at launch, and the new runtime of a restart, whose client is dropped).
   *  Call before the session applies its data breakpoints to rt. */
  attach(rt: DebugRuntime): void {
    this.rt = rt;
    // The runtime keeps one list of data breakpoints: the editor's and gdb's, merged.
    const set = rt.setDataBreakpoints.bind(rt);
    let editor: DataBreakpoint[] = [], gdb: DataBreakpoint[] = [];
    rt.setDataBreakpoints = (list: DataBreakpoint[]): void => { editor = list; set([...editor, ...gdb]); };
    const stub = new GdbStub(rt, {
      onResume: () => this.send(new ContinuedEvent(1, true)),
      setWatchpoints: (list) => { gdb = list; set([...editor, ...gdb]); },
      onKill: () => this.kill(),
    });
    if (this.server === null) {
      this.server = new GdbServer(stub, { host: this.where.host, port: this.where.port });
      this.server.onConnect = () => this.console('gdb connected');
      this.server.onDisconnect = () => this.console('gdb disconnected (the machine stays paused)');
    } else this.server.replaceStub(stub);
  }

  /** Start listening (once, at launch). Returns an error message, or undefined. */
  async listen(): Promise<string | undefined> {
    if (this.server === null) return 'HyperStep: no runtime for the gdb server';
    if (this.address.remote) {
      this.send(new OutputEvent(`HyperStep: warning: the gdb server listens on ${this.address.host}: anyone who can reach this port controls the machine (memory, registers)\n`, 'stderr'));
    }
    try {
      const a = await this.server.listen();
      this.where = { host: a.address, port: a.port };
    } catch (e) {
      return `HyperStep: "gdbServer" ${this.address.host}:${this.address.port}: ${e instanceof Error ? e.message : String(e)}`;
    }
    const shown = this.where.host.includes(':') ? `[${this.where.host}]:${this.where.port}` : `${this.where.host}:${this.where.port}`;
    this.console(`gdb stub listening on ${shown} (gdb-multiarch: target remote ${shown})`);
    return undefined;
  }

  /** The bound address (after listen). */
  get bound(): { host: string; port: number } {
    return this.where;
  }

  close(): Promise<void> {
    const s = this.server;
    this.server = null;
    return s === null ? Promise.resolve() : s.close();
  }

  /** gdb's `k`: end the debug session (as the CLI ends its process). */
  private kill(): void {
    this.console('gdb sent kill: ending the session');
    this.rt?.dispose();
    void this.close();
    this.send(new TerminatedEvent());
  }

  private console(text: string): void {
    this.send(new OutputEvent(`HyperStep: ${text}\n`, 'console'));
  }
}
