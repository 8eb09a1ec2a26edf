/**
 * HyperStep debug session (Debug Adapter Protocol). A thin layer over the emulator's
 * DebugRuntime (emulator/debug/runtime.ts): requests become runtime calls, runtime
 * events become DAP events. Runs inline in the extension host (extension/extension.ts)
 * or standalone over stdio (main.ts). Variables live in variables.ts, disassembly in
 * disassembly.ts, launch-argument checking in launchArgs.ts.
 */
import { TIME_TRAVEL_REQUESTS, TIMELINE_EVENT, answerTimeTravel, runtimeTimeTravel } from './timeTravel';
import {
  InitializedEvent, LoggingDebugSession, OutputEvent, ExitedEvent, TerminatedEvent, StoppedEvent, ContinuedEvent,
  Thread, StackFrame, Source, Event, Response, CapabilitiesEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { readFileSync, statSync } from 'fs';
import { basename } from 'path';
import { DebugRuntime, ALL_FILTERS, EXCEPTION_FILTERS, type RuntimeEvent, type DataAccess } from '../emulator/debug/runtime';
import { Stepper, type Granularity } from '../emulator/debug/stepping';
import { frameFunction, type Frame } from '../emulator/debug/frames';
import { debugRead, debugWrite } from '../emulator/debug/debugMemory';
import { assign, evaluate, resolveType } from '../emulator/debug/expr/index';
import { bootImages, parseLaunchArgs, programDirectory, withLinuxBoot, type LaunchSpec } from './launchArgs';
import { resolveLinuxBoot } from '../emulator/host/nodeLinuxBoot';
import { nodeDebugHost } from '../emulator/host/nodeDebugHost';
import { LinuxImageError } from '../emulator/host/nodeLinuxImages';
import { VariableStore, hex } from './variables';
import { SourcePaths } from './sourcePaths';
import { disassembleRange } from './disassembly';
import { assembleProgram, isAssemblySource } from './assemblySource';
import { StatusTracker } from './status';
import { DEVICES_REQUEST, DEVICE_TREE_REQUEST, deviceRequest } from './devices';
import { guestPointerTranslation, parseMemoryRef, scopeForExpression, threadName, translate, type MemoryRef } from './hypervisor';
import { JumpTargets, pcsOf } from './jump';
import { COMPLETION_TRIGGERS, DebugConsole } from './console';
import { RobustFramer, checkMessage, clampCount, clampInt, MAX_DISASSEMBLE, MAX_READ_MEMORY } from './robust';
import { SessionGdbServer } from './gdbServer';

/** DAP error-response ids. */
export const LAUNCH_FAILED = 1001;
export const REQUEST_FAILED = 1002;

export class HyperStepSession extends LoggingDebugSession {
  private runtime: DebugRuntime | undefined;
  /** Samples for `hyperstep.status` (MIPS between requests, run time). */
  private statusTracker = new StatusTracker(() => performance.now());
  private stepper: Stepper | undefined;
  private spec: LaunchSpec | undefined;
  private noDebug = false;
  private paths = new SourcePaths(process.cwd());
  /** ELF images assembled from `.s` sources for this launch, by absolute source path. */
  private readonly assembled = new Map<string, Uint8Array>();
  private readonly vars = new VariableStore();
  private frames = new Map<number, Frame[]>();
  private configurationDone!: Promise<void>;
  private markConfigurationDone!: () => void;
  /** Configuration requests, replayed on restart. */
  private readonly sourceBps = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private functionBps: DebugProtocol.FunctionBreakpoint[] = [];
  private instructionBps: DebugProtocol.InstructionBreakpoint[] = [];
  private dataBps: DebugProtocol.DataBreakpoint[] = [];
  private filters: string[] = [];
  /** Linux launches: the kernel's panic line once seen, and the UART text searched for it. */
  private panic: string | undefined;
  private uartTail = '';
  /** Jump to Cursor targets; the hart of the last stop (gotoTargets names no thread). */
  private readonly jumps = new JumpTargets();
  /** gdb-style console commands and completion. */
  private readonly console = new DebugConsole();
  private stoppedHart = 0;
  /** `"gdbServer"`: gdb's remote protocol on this session's runtime (gdbServer.ts). */
  private gdb: SessionGdbServer | undefined;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.configurationDone = new Promise((resolve) => { this.markConfigurationDone = resolve; });
    // Bad framing or bodies never stop the adapter (robust.ts).
    const framer = new RobustFramer((text) => this.handleMessage(JSON.parse(text) as DebugProtocol.ProtocolMessage));
    (this as unknown as { _handleData(d: Buffer): void })._handleData = (d: Buffer) => framer.push(d);
  }

  /** Malformed messages get an error response (when they carry a seq) or are ignored. */
  override handleMessage(msg: DebugProtocol.ProtocolMessage): void {
    const c = checkMessage(msg);
    if (c.ok) return super.handleMessage(c.message as unknown as DebugProtocol.ProtocolMessage);
    if (c.seq !== undefined) this.fail(new Response({ seq: c.seq, command: c.command } as DebugProtocol.Request), REQUEST_FAILED, `HyperStep: ${c.error}`, false);
  }

  /** A request that throws (malformed arguments) gets a one-line error, never a stack. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    try {
      super.dispatchRequest(request);
    } catch (e) {
      this.fail(new Response(request), REQUEST_FAILED, `HyperStep: ${request.command} failed: ${message(e)}`);
    }
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsDataBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsSteppingGranularity: true,
      supportsStepBack: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionInfoRequest: true,
      supportsBreakpointLocationsRequest: false,
      supportsGotoTargetsRequest: true,
      supportsCompletionsRequest: true,
      supportsSetExpression: true,
      completionTriggerCharacters: COMPLETION_TRIGGERS,
      supportsValueFormattingOptions: true,
      // The VM-level filters join in hypervisor sessions (a capabilities event at launch).
      exceptionBreakpointFilters: filterList(EXCEPTION_FILTERS),
    };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.markConfigurationDone();
  }

  // ------------------------------------------------------------------ launch
  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    if (this.spec !== undefined) return this.fail(response, LAUNCH_FAILED, 'HyperStep: this session has already launched a program (restart it, or start another session)');
    const raw = args as Record<string, unknown>;
    const parsed = parseLaunchArgs(raw, { isFile }, programDirectory(raw, process.cwd()));
    this.noDebug = raw.noDebug === true;
    if ('error' in parsed) return this.fail(response, LAUNCH_FAILED, parsed.error);
    this.spec = parsed.spec;
    this.vars.numberFormat = parsed.spec.numberFormat;
    if (parsed.spec.linux !== undefined) {
      const linuxError = await this.resolveLinux();
      if (linuxError !== undefined) return this.fail(response, LAUNCH_FAILED, linuxError);
    }
    this.paths = new SourcePaths(parsed.spec.cwd);
    const asmError = this.assembleSources();
    if (asmError !== undefined) return this.fail(response, LAUNCH_FAILED, `HyperStep: ${asmError}`);
    this.gdb = SessionGdbServer.forSpec(this.spec, (e) => this.sendEvent(e));
    try {
      this.startRuntime();
    } catch (e) {
      return this.fail(response, LAUNCH_FAILED, `HyperStep: ${message(e)}`);
    }
    const gdbError = await this.gdb?.listen();
    if (gdbError !== undefined) return this.fail(response, LAUNCH_FAILED, gdbError);
    if (this.runtime!.contexts.enabled) this.sendEvent(new CapabilitiesEvent({ exceptionBreakpointFilters: filterList(ALL_FILTERS) }));
    if (this.runtime!.timeTravel === null) this.sendEvent(new CapabilitiesEvent({ supportsStepBack: false }));
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configurationDone, delay(5000)]);
    this.sendResponse(response);
    this.begin();
  }

  /**
   * `"debianLinux": true`: find (or fetch, ~110 MB the first time) Debian's kernel, build the
   * busybox initramfs, and point the spec at them. Progress goes to the Debug Console.
   * HYPERSTEP_LINUX_OFFLINE=1 never downloads (HYPERSTEP_LINUX_CACHE picks the cache).
   * Returns an error message or undefined.
   */
  private async resolveLinux(): Promise<string | undefined> {
    const s = this.spec!;
    try {
      const boot = await resolveLinuxBoot({
        script: s.linux!.script, modules: s.linux!.modules, files: s.linux!.files, offline: process.env.HYPERSTEP_LINUX_OFFLINE === '1',
        log: (line) => this.sendEvent(new OutputEvent(`HyperStep: ${line}\n`, 'console')),
      });
      this.sendEvent(new OutputEvent(`HyperStep: booting Debian Linux ${boot.version} (${s.memoryMiB} MiB RAM)\n`, 'console'));
      this.spec = withLinuxBoot(s, boot);
      return undefined;
    } catch (e) {
      if (e instanceof LinuxImageError) return `HyperStep: ${e.message}`;
      return `HyperStep: cannot prepare the Linux boot: ${message(e)}`;
    }
  }

  /** Assembles a `.s` program (and `.s` symbol files) in memory; returns an error message or undefined. */
  private assembleSources(): string | undefined {
    this.assembled.clear();
    for (const path of [this.spec!.program, ...this.spec!.symbols]) {
      if (!isAssemblySource(path)) continue;
      const r = assembleProgram(path, readFileSync(path, 'utf8'));
      const lines = r.ok ? r.warnings : r.diagnostics;
      if (lines.length) this.sendEvent(new OutputEvent(lines.join('\n') + '\n', 'stderr'));
      if (!r.ok) return r.message;
      this.assembled.set(path, r.elf);
    }
    return undefined;
  }

  /** Create and load a runtime for the current spec; configuration is applied later. */
  private startRuntime(): void {
    const s = this.spec!;
    this.panic = undefined;
    this.uartTail = '';
    const boot = bootImages(s);
    const assembled = this.assembled;
    const host = { ...nodeDebugHost, readFile: (p: string): Uint8Array => assembled.get(p) ?? nodeDebugHost.readFile(p) };
    const rt = new DebugRuntime(host, {
      program: s.program, machine: s.machine, firmware: boot.firmware, kernel: boot.kernel,
      memoryMiB: s.memoryMiB, harts: s.harts, symbols: s.symbols, maxInsns: s.maxInsns,
      initrd: s.initrd, drive: s.drive, rngSeed: s.rngSeed, bootargs: s.bootargs, hypervisor: s.hypervisor, guests: s.guests,
      timeTravel: runtimeTimeTravel(s), restore: s.restore,
    });
    rt.load();
    this.gdb?.attach(rt);
    rt.onEvent((e) => this.onRuntimeEvent(e));
    this.runtime?.dispose();
    this.runtime = rt;
    this.statusTracker = new StatusTracker(() => performance.now());
    this.stepper = new Stepper(rt);
  }

  /** After configuration: stop on entry or run. */
  private begin(): void {
    const rt = this.runtime!;
    if (this.noDebug) { // "Run Without Debugging": nothing stops the guest
      rt.breakpoints.clear();
      rt.setDataBreakpoints([]);
      rt.setExceptionFilters([]);
      void rt.continue();
    } else if (this.spec!.stopOnEntry) rt.reportEntry();
    else void rt.continue();
  }

  private onRuntimeEvent(e: RuntimeEvent): void {
    switch (e.type) {
      case 'output':
        if (e.category === 'stdout' && this.spec?.linux !== undefined && this.panic === undefined) this.watchPanic(e.text);
        if (e.category === 'stdout' && this.spec?.uartTerminal) this.sendEvent(new Event('hyperstep.uart', { text: e.text }));
        else this.sendEvent(new OutputEvent(e.text, e.category));
        break;
      case 'stopped': {
        this.invalidate();
        this.stoppedHart = e.hartId;
        const ev = new StoppedEvent(e.reason, e.hartId + 1) as DebugProtocol.StoppedEvent;
        ev.body.allThreadsStopped = true;
        if (e.description !== undefined) { ev.body.description = e.description; ev.body.text = e.description; }
        if (e.breakpointIds !== undefined) ev.body.hitBreakpointIds = e.breakpointIds;
        this.sendEvent(ev);
        const tt = this.runtime?.timeTravel;
        if (tt) this.sendEvent(new Event(TIMELINE_EVENT, { now: tt.clock, end: Math.max(tt.history.frontier, tt.clock) }));
        break;
      }
      case 'exited': {
        // A Linux kernel panic reboots at once (panic=-1): report it, as `hyperstep linux` does.
        const panicked = this.panic !== undefined && e.exitCode === 0;
        this.statusTracker.exitCode = panicked ? 1 : e.exitCode;
        this.sendEvent(new OutputEvent(`HyperStep: ${e.description}${panicked ? ` after "${this.panic}"` : ''}.\n`, 'console'));
        this.sendEvent(new ExitedEvent(panicked ? 1 : e.exitCode));
        this.sendEvent(new TerminatedEvent());
        break;
      }
    }
  }

  /** Looks for the kernel's panic banner (kernel/panic.c) in UART text of a Linux launch. */
  private watchPanic(text: string): void {
    this.uartTail = (this.uartTail + text).slice(-512);
    const m = /Kernel panic - not syncing:[^\r\n]*(?=[\r\n])/.exec(this.uartTail);
    if (m !== null) this.panic = m[0].trim();
  }

  private invalidate(): void {
    this.frames.clear();
    this.vars.reset();
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    const asmError = this.assembleSources(); // the source may have changed since launch
    if (asmError !== undefined) return this.fail(response, REQUEST_FAILED, `HyperStep: restart failed: ${asmError}`);
    try {
      this.startRuntime();
      this.applyConfiguration();
    } catch (e) {
      return this.fail(response, REQUEST_FAILED, `HyperStep: restart failed: ${message(e)}`);
    }
    this.invalidate();
    this.sendResponse(response);
    this.announceRestart();
    this.begin();
  }

  /**
   * A restart discards the old run: `continued` makes the client drop the old stop (its
   * reason and call stack), so the new run's `stopped` (reason 'entry' with stopOnEntry,
   * 'breakpoint' at a breakpoint) is what the Call Stack shows; `hyperstep.restarted`
   * lets the UART terminal draw a separator (the Debug Console gets one as text).
   */
  private announceRestart(): void {
    this.stoppedHart = 0;
    this.sendEvent(new ContinuedEvent(1, true));
    this.sendEvent(new Event('hyperstep.restarted', {}));
    if (this.spec?.uartTerminal !== true) this.sendEvent(new OutputEvent('──── restarted ────\n', 'console'));
  }

  /** Re-apply the stored configuration to a new runtime (restart). */
  private applyConfiguration(): void {
    const rt = this.runtime!;
    for (const [path, a] of this.sourceBps) rt.breakpoints.setSource(path, a.breakpoints ?? []);
    rt.breakpoints.setFunctions(this.functionBps);
    rt.breakpoints.setInstructions(this.instructionBps.map((b) => ({ ...b, address: BigInt(b.instructionReference) + BigInt(b.offset ?? 0) })));
    rt.setDataBreakpoints(this.dataBps.flatMap((b) => parseDataId(b.dataId, b.accessType)));
    rt.setExceptionFilters(this.filters);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime?.dispose();
    void this.gdb?.close();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.runtime?.dispose();
    void this.gdb?.close();
    this.sendResponse(response);
    this.shutdown();
  }

  // ------------------------------------------------------------------ breakpoints
  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path ?? args.source.name ?? '';
    this.sourceBps.set(path, args);
    const rt = this.runtime;
    const reqs: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const bound = rt ? rt.breakpoints.setSource(path, reqs.map((r) => ({ ...r, line: this.convertClientLineToDebugger(r.line) }))) : [];
    const line = (l: number | undefined, fallback: number): number => (l === undefined ? fallback : this.convertDebuggerLineToClient(l));
    response.body = {
      breakpoints: reqs.map((r, i) => {
        const b = bound[i];
        return b === undefined ? { verified: false, line: r.line, message: 'HyperStep: no program loaded' }
          : { id: b.id, verified: b.verified, line: line(b.line, r.line), source: args.source, message: b.message };
      }),
    };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.functionBps = args.breakpoints;
    const bound = this.runtime?.breakpoints.setFunctions(args.breakpoints) ?? [];
    response.body = { breakpoints: bound.map((b) => ({
      id: b.id, verified: b.verified, message: b.message, source: this.sourceOf(b.source),
      line: b.line === undefined ? undefined : this.convertDebuggerLineToClient(b.line),
    })) };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.instructionBps = args.breakpoints;
    try {
      // `guest1:0x…` binds the address to a context (hypervisor sessions).
      const reqs = args.breakpoints.map((b) => {
        const m = /^\s*([A-Za-z_][\w.-]*):(?:gva:)?(.+)$/.exec(b.instructionReference);
        return { ...b, context: m?.[1], address: BigInt(m?.[2] ?? b.instructionReference) + BigInt(b.offset ?? 0) };
      });
      const bound = this.runtime?.breakpoints.setInstructions(reqs) ?? [];
      response.body = {
        breakpoints: bound.map((b, k) => ({
          id: b.id, verified: b.verified, message: b.message,
          instructionReference: b.addresses[0] !== undefined ? hex(b.addresses[0]) : args.breakpoints[k].instructionReference,
        })),
      };
    } catch {
      return this.fail(response, REQUEST_FAILED, 'HyperStep: instruction breakpoints need numeric instructionReference values (e.g. 0x80000000, or guest1:0x80001000)');
    }
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.filters = args.filters;
    this.runtime?.setExceptionFilters(args.filters);
    response.body = { breakpoints: args.filters.map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const h = this.runtime?.hart(args.threadId - 1);
    const caught = h !== undefined && h.caughtCause >= 0;
    response.body = {
      exceptionId: caught ? `${h.caughtIrq ? 'interrupt' : 'exception'} ${h.caughtCause}` : 'none',
      description: caught ? `${h.caughtIrq ? 'Interrupt' : 'Exception'} ${h.caughtCause} (tval ${hex(BigInt.asUintN(64, BigInt(h.caughtTval)))}) at pc ${hex(BigInt.asUintN(64, BigInt(h.pc)))}; continuing takes the trap` : 'no trap pending',
      breakMode: 'always',
    };
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    response.body = { dataId: null, description: 'not available' };
    try {
      const frame = this.frameFor(args.frameId);
      if (frame === undefined) throw new Error('no program is stopped');
      const c = args.variablesReference ? this.vars.get(args.variablesReference) : undefined;
      const expr = c?.kind === 'value' ? `(${c.evaluateName}).${args.name}` : args.name;
      if ((args as { asAddress?: boolean }).asAddress) {
        const size = (args as { bytes?: number }).bytes ?? 4;
        const addr = BigInt(args.name);
        response.body = { dataId: `${hex(addr)}/${size}`, description: `${size} bytes at ${hex(addr)}`, accessTypes: ['read', 'write', 'readWrite'] };
      } else {
        const v = evaluate(expr, frame.scope);
        const size = resolveType(v.type).size;
        if (v.loc.kind !== 'memory') response.body.description = `${args.name} is not in memory`;
        else if (![1, 2, 4, 8].includes(size)) response.body.description = `${args.name} is ${size} bytes: data breakpoints watch 1, 2, 4 or 8 bytes`;
        else response.body = { dataId: `${hex(v.loc.address)}/${size}`, description: `${args.name} (${size} bytes at ${hex(v.loc.address)})`, accessTypes: ['read', 'write', 'readWrite'] };
      }
    } catch (e) {
      response.body.description = message(e);
    }
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.dataBps = args.breakpoints;
    const parsed = args.breakpoints.map((b) => parseDataId(b.dataId, b.accessType));
    this.runtime?.setDataBreakpoints(parsed.flat());
    response.body = { breakpoints: parsed.map((p) => ({ verified: p.length > 0, message: p.length > 0 ? undefined : 'bad data breakpoint id' })) };
    this.sendResponse(response);
  }

  // ------------------------------------------------------------------ execution
  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const harts = this.runtime?.harts ?? [];
    const rt = this.runtime;
    response.body = { threads: harts.map((h) => new Thread(h.id + 1, rt !== undefined ? threadName(rt, h) : `hart ${h.id}`)) };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.invalidate();
    if (this.runtime?.state === 'stopped') void this.runtime.continue();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.step(response, args.threadId, 'over', args.granularity);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.step(response, args.threadId, 'in', args.granularity);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.step(response, args.threadId, 'out', args.granularity);
  }

  private step(response: DebugProtocol.Response, threadId: number, kind: 'over' | 'in' | 'out', g?: DebugProtocol.SteppingGranularity): void {
    this.sendResponse(response);
    this.invalidate();
    const granularity: Granularity = g === 'instruction' ? 'instruction' : 'line';
    void this.stepper?.step(threadId - 1, kind, granularity);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.customRequest('hyperstep.stepBack', response, args);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    this.customRequest('hyperstep.reverseContinue', response, args);
  }

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    if (this.runtime?.state !== 'stopped') return this.fail(response, REQUEST_FAILED, 'HyperStep: the program is not stopped');
    const path = args.source.path ?? args.source.name ?? '';
    const targets = this.jumps.targets(this.runtime, this.stoppedHart, path, this.convertClientLineToDebugger(args.line), (l) => this.convertDebuggerLineToClient(l));
    if (targets.length === 0) return this.fail(response, REQUEST_FAILED, `HyperStep: no code at line ${args.line} of ${basename(path)} to jump to`);
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const rt = this.runtime;
    if (rt?.state !== 'stopped') return this.fail(response, REQUEST_FAILED, 'HyperStep: the program is not stopped');
    try {
      this.jumps.jump(rt, args.threadId - 1, args.targetId);
    } catch (e) {
      return this.fail(response, REQUEST_FAILED, `HyperStep: cannot jump: ${message(e)}`);
    }
    this.sendResponse(response);
    rt.report(rt.stopEvent('goto', rt.hart(args.threadId - 1)));
  }

  /** After a Set Value or an evaluation: a hart whose pc moved is reported as a 'goto' stop. */
  private reportMovedPc(before: bigint[]): void {
    const rt = this.runtime;
    if (rt === undefined) return;
    const moved = pcsOf(rt).findIndex((pc, i) => pc !== before[i]);
    if (moved >= 0) rt.report(rt.stopEvent('goto', rt.hart(moved)));
  }

  // ------------------------------------------------------------------ inspection
  private framesOf(hartId: number): Frame[] {
    let f = this.frames.get(hartId);
    if (f === undefined) { f = this.runtime!.frames(hartId); this.frames.set(hartId, f); }
    return f;
  }

  /** Frame for a frameId (hart << 8 | index); frame 0 of hart 0 when none is given. */
  private frameFor(frameId: number | undefined): Frame | undefined {
    if (this.runtime === undefined || this.runtime.state === 'exited') return undefined;
    const id = frameId ?? 0;
    return this.framesOf(id >> 8)[id & 255];
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    if (this.runtime === undefined || this.runtime.state !== 'stopped') {
      response.body = { stackFrames: [], totalFrames: 0 };
      return this.sendResponse(response);
    }
    const hartId = args.threadId - 1;
    const all = this.framesOf(hartId);
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : all.length;
    response.body = {
      stackFrames: all.slice(start, end).map((f) => {
        if (f.label !== undefined) { // the boundary of a stitched stack (a VM exit)
          const lf = new StackFrame((hartId << 8) | f.index, f.label) as DebugProtocol.StackFrame;
          lf.presentationHint = 'label';
          return lf;
        }
        const name = `${frameFunction(f) ?? hex(f.pc)}${this.vars.frameParameters(f, args.format)} [${f.priv}]`;
        const sf = new StackFrame((hartId << 8) | f.index, name, this.sourceFor(f),
          this.convertDebuggerLineToClient(f.loc.line ?? 0), this.convertDebuggerColumnToClient(f.loc.column ?? 0)) as DebugProtocol.StackFrame;
        sf.instructionPointerReference = hex(f.pc);
        if (sf.source === undefined) sf.presentationHint = 'subtle';
        return sf;
      }),
      totalFrames: all.length,
    };
    this.sendResponse(response);
  }

  private sourceFor(f: Frame): Source | undefined {
    if (f.loc.source === undefined || f.loc.file === undefined) return undefined;
    return this.sourceOf(f.loc.source, f.loc.file.path);
  }

  private sourceOf(dwarfPath: string | undefined, elfPath?: string): Source | undefined {
    if (dwarfPath === undefined) return undefined;
    const elf = elfPath ?? this.runtime?.symbols.files[0]?.path ?? '';
    const host = this.paths.toHost(dwarfPath, elf);
    return host !== undefined ? new Source(basename(host), host) : new Source(basename(dwarfPath));
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame = this.frameFor(args.frameId);
    response.body = { scopes: frame && frame.label === undefined ? this.vars.scopes(frame, this.runtime!.hart(args.frameId >> 8)) : [] };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const c = this.vars.get(args.variablesReference);
    let variables = c ? this.vars.variables(c, this.vars.hexFor(args.format)) : [];
    if (args.start !== undefined || args.count !== undefined) {
      const start = args.start ?? 0;
      variables = variables.slice(start, args.count ? start + args.count : undefined);
    }
    response.body = { variables };
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const c = this.vars.get(args.variablesReference);
    if (this.runtime?.state !== 'stopped') return this.fail(response, REQUEST_FAILED, 'HyperStep: the program is not stopped');
    if (c === undefined) return this.fail(response, REQUEST_FAILED, `HyperStep: no variables container ${args.variablesReference} (values change when the program runs)`);
    const pcs = pcsOf(this.runtime);
    try {
      const v = this.vars.set(c, args.name, args.value);
      response.body = { value: v.value, type: v.type, variablesReference: v.variablesReference, memoryReference: v.memoryReference };
    } catch (e) {
      return this.fail(response, REQUEST_FAILED, `HyperStep: cannot set ${args.name}: ${message(e)}`);
    }
    this.frames.clear();
    this.sendResponse(response);
    this.reportMovedPc(pcs);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const frame = this.frameFor(args.frameId);
    // Evaluate errors are shown where the expression is (Watch, Debug Console, hover), never as a toast.
    if (frame === undefined) return this.fail(response, REQUEST_FAILED, 'HyperStep: no program is stopped', false);
    if (this.runtime?.state !== 'stopped') return this.fail(response, REQUEST_FAILED, 'HyperStep: the program is running; pause it to evaluate', false);
    const pcs = pcsOf(this.runtime);
    if (args.context === 'repl' && this.replCommand(response, args, frame, pcs)) return;
    try {
      const { scope, expr } = scopeForExpression(this.runtime, this.runtime.hart((args.frameId ?? 0) >> 8), frame, args.expression);
      const v = evaluate(expr, scope);
      const variable = this.vars.valueVariable(args.expression, v, scope, args.expression, this.vars.hexFor(args.format));
      response.body = {
        result: variable.value,
        type: variable.type, variablesReference: variable.variablesReference, memoryReference: variable.memoryReference,
      };
      // Hovering a pointer in a guest shows where it leads: GVA → GPA → HPA.
      if (args.context === 'hover') {
        const where = guestPointerTranslation(this.runtime, frame, v, scope);
        if (where !== undefined) response.body.result += `  (${where})`;
      }
    } catch (e) {
      return this.fail(response, REQUEST_FAILED, message(e), false);
    }
    if (args.expression.includes('=')) this.frames.clear();
    this.sendResponse(response);
    this.reportMovedPc(pcs);
  }

  /** Watch → Set Value: assign to any lvalue expression (a variable, `*p`, `$a0`, `$pc`,
   *  `mstatus.MPP`, which also takes a value name such as `S`). */
  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    const rt = this.runtime;
    const frame = this.frameFor(args.frameId);
    if (rt?.state !== 'stopped' || frame === undefined) return this.fail(response, REQUEST_FAILED, 'HyperStep: the program is not stopped');
    const pcs = pcsOf(rt);
    try {
      const { scope, expr } = scopeForExpression(rt, rt.hart((args.frameId ?? 0) >> 8), frame, args.expression);
      const v = this.vars.valueVariable(args.expression, assign(expr, args.value, scope), scope, args.expression, this.vars.hexFor(args.format));
      response.body = { value: v.value, type: v.type, variablesReference: v.variablesReference, memoryReference: v.memoryReference };
    } catch (e) {
      return this.fail(response, REQUEST_FAILED, `HyperStep: cannot set ${args.expression}: ${message(e)}`);
    }
    this.frames.clear();
    this.sendResponse(response);
    this.reportMovedPc(pcs);
  }

  /** A gdb-style console command (x/…, p/…, info …; debug-adapter/console.ts): answered
   *  here (true), or false when the line is an expression. */
  private replCommand(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments, frame: Frame, pcs: bigint[]): boolean {
    const rt = this.runtime!;
    let out: string | undefined;
    try {
      out = this.console.run(rt, rt.hart((args.frameId ?? 0) >> 8), frame, args.expression);
    } catch (e) {
      this.fail(response, REQUEST_FAILED, message(e), false);
      return true;
    }
    if (out === undefined) return false;
    response.body = { result: out, variablesReference: 0 };
    this.frames.clear(); // `p x = 1` may have changed state
    this.sendResponse(response);
    this.reportMovedPc(pcs);
    return true;
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const rt = this.runtime;
    const frame = this.frameFor(args.frameId);
    response.body = { targets: [] };
    if (rt?.state === 'stopped' && frame !== undefined && frame.label === undefined) {
      const cursor = this.convertClientColumnToDebugger(args.column) - 1;
      response.body.targets = this.console.completions(rt, rt.hart((args.frameId ?? 0) >> 8), frame, args.text, cursor);
    }
    this.sendResponse(response);
  }

  /** A memory reference and offset: address and space, or an error message. */
  private memoryRef(ref: string, offset: number | undefined): MemoryRef | string {
    if (this.runtime === undefined) return 'HyperStep: no program loaded';
    try {
      const r = parseMemoryRef(this.runtime, ref);
      r.address += BigInt(offset ?? 0);
      return r;
    } catch (e) {
      return `HyperStep: ${message(e)}`;
    }
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const h = this.runtime?.hart(0);
    const ref = this.memoryRef(args.memoryReference, args.offset);
    if (typeof ref === 'string') return this.fail(response, REQUEST_FAILED, ref, false); // the memory view shows it
    const addr = ref.address;
    const count = clampCount(args.count, MAX_READ_MEMORY);
    const chunks: Uint8Array[] = [];
    let done = 0;
    while (h !== undefined && done < count) { // page by page: stop at the first unreadable byte
      const n = Math.min(count - done, 4096 - Number((addr + BigInt(done)) & 4095n));
      const b = debugRead(h, addr + BigInt(done), n, ref.space);
      if (b === undefined) break;
      chunks.push(b); done += n;
    }
    response.body = { address: hex(addr), data: Buffer.concat(chunks).toString('base64'), unreadableBytes: count - done };
    this.sendResponse(response);
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const h = this.runtime?.hart(0);
    const data = new Uint8Array(Buffer.from(args.data, 'base64'));
    const ref = this.memoryRef(args.memoryReference, args.offset);
    if (typeof ref === 'string') return this.fail(response, REQUEST_FAILED, ref);
    const addr = ref.address;
    if (h === undefined || !debugWrite(h, addr, data, ref.space)) return this.fail(response, REQUEST_FAILED, `HyperStep: memory at ${hex(addr)} (${data.length} bytes) is not writable RAM`);
    this.frames.clear();
    response.body = { bytesWritten: data.length };
    this.sendResponse(response);
    this.sendEvent(new Event('memory', { memoryReference: args.memoryReference, offset: args.offset ?? 0, count: data.length }));
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const rt = this.runtime;
    if (rt === undefined) return this.fail(response, REQUEST_FAILED, 'HyperStep: no program loaded', false);
    let addr: bigint; // the Disassembly view shows its own error
    try { addr = BigInt(args.memoryReference) + BigInt(args.offset ?? 0); } catch { return this.fail(response, REQUEST_FAILED, `HyperStep: bad memory reference '${args.memoryReference}'`, false); }
    const count = clampCount(args.instructionCount, MAX_DISASSEMBLE);
    if (count < args.instructionCount) this.sendEvent(new OutputEvent(`HyperStep: disassemble: ${args.instructionCount} instructions asked, ${count} returned (at most ${MAX_DISASSEMBLE} per request)\n`, 'console'));
    response.body = {
      instructions: disassembleRange(rt, addr, clampInt(args.instructionOffset, MAX_DISASSEMBLE), count,
        (dwarfPath, elfPath) => this.sourceOf(dwarfPath, elfPath)).map((i) =>
        (i.line === undefined ? i : { ...i, line: this.convertDebuggerLineToClient(i.line) })),
    };
    this.sendResponse(response);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === 'hyperstep.status') {
      if (this.runtime === undefined) return this.fail(response, REQUEST_FAILED, 'HyperStep: no program loaded', false);
      response.body = this.statusTracker.status(this.runtime);
      return this.sendResponse(response);
    }
    if (command === DEVICES_REQUEST || command === DEVICE_TREE_REQUEST) {
      if (this.runtime === undefined) return this.fail(response, REQUEST_FAILED, 'HyperStep: no program loaded', false);
      try { response.body = deviceRequest(this.runtime, command); } catch (e) { return this.fail(response, REQUEST_FAILED, `HyperStep: ${message(e)}`, false); }
      return this.sendResponse(response);
    }
    if (command === 'hyperstep.translate') {
      if (this.runtime === undefined || this.runtime.state === 'exited') return this.fail(response, REQUEST_FAILED, 'HyperStep: no program is running');
      try {
        response.body = translate(this.runtime, (args ?? {}) as Record<string, unknown>);
      } catch (e) {
        return this.fail(response, REQUEST_FAILED, `HyperStep: ${message(e)}`, false);
      }
      return this.sendResponse(response);
    }
    if (TIME_TRAVEL_REQUESTS.has(command)) {
      return answerTimeTravel(this.runtime, command, args, this.spec!, (body) => { response.body = body; this.sendResponse(response); this.invalidate(); },
        (text) => this.fail(response, REQUEST_FAILED, `HyperStep: ${text}`, false));
    }
    if (command === 'hyperstep.uartInput') {
      const text = (args as { text?: unknown })?.text;
      if (typeof text === 'string') this.runtime?.sendInput(text);
      return this.sendResponse(response);
    }
    super.customRequest(command, response, args);
  }

  /** An error response; `showUser` false leaves the field out (VS Code shows the text inline, no toast). */
  private fail(response: DebugProtocol.Response, id: number, text: string, showUser = true): void {
    this.sendErrorResponse(response, { id, format: text.replace(/[{}]/g, (c) => c + c), ...(showUser ? { showUser } : {}) });
  }
}

/** Data breakpoint ids are "<hex address>/<size>". */
function parseDataId(id: string, access?: DebugProtocol.DataBreakpointAccessType): { address: bigint; size: number; access: DataAccess }[] {
  const m = /^(0x[0-9a-f]+)\/([1248])$/i.exec(id);
  if (m === null) return [];
  return [{ address: BigInt(m[1]), size: Number(m[2]), access: access ?? 'write' }];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/** Exception filters as DAP declares them (all off by default). */
function filterList(filters: { id: string; label: string; description?: string }[]): DebugProtocol.ExceptionBreakpointsFilter[] {
  return filters.map((f) => ({ filter: f.id, label: f.label, description: f.description, default: false }));
}
