/**
 * HyperStep debug session (Debug Adapter Protocol). Minimal for now: advertises its
 * capabilities, runs the launched ELF to completion through runner.ts, forwards guest
 * console text as `stdout` output, then reports the exit code and terminates.
 * Runs inline in the extension host (extension/extension.ts) or over stdio (main.ts).
 */
import { InitializedEvent, LoggingDebugSession, OutputEvent, ExitedEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { runProgram, type RunRequest } from './runner';

/** The `launch` request arguments (see package.json contributes.debuggers). */
export interface HyperStepLaunchArgs extends DebugProtocol.LaunchRequestArguments, RunRequest {
  stopOnEntry?: boolean;
}

/** DAP error-response id for launch failures. */
export const LAUNCH_FAILED = 1001;

export class HyperStepSession extends LoggingDebugSession {
  private configurationDone!: Promise<void>;
  /** Set by terminate/disconnect: the running guest stops at the next slice. */
  private stopping = false;
  private markConfigurationDone!: () => void;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.configurationDone = new Promise((resolve) => { this.markConfigurationDone = resolve; });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsTerminateRequest: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.markConfigurationDone();
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: HyperStepLaunchArgs): Promise<void> {
    if (typeof args.program !== 'string' || args.program === '') {
      this.sendErrorResponse(response, LAUNCH_FAILED, 'HyperStep: launch configuration has no "program" (path to a RISC-V ELF).');
      return;
    }
    // Give the client a moment to send breakpoints; proceed anyway if it never says done.
    await Promise.race([this.configurationDone, delay(1000)]);
    this.sendResponse(response);
    if (args.stopOnEntry) {
      this.sendEvent(new OutputEvent('HyperStep: stopOnEntry is not supported yet; running to completion.\n', 'console'));
    }
    try {
      const result = await runProgram(args, (text) => this.sendEvent(new OutputEvent(text, 'stdout')), () => this.stopping);
      const summary = `HyperStep: ${result.reason}, exit code ${result.exitCode}, ${result.instret} instructions.\n`;
      this.sendEvent(new OutputEvent(summary, 'console'));
      this.sendEvent(new ExitedEvent(result.exitCode));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.sendEvent(new OutputEvent(`HyperStep: ${message}\n`, 'stderr'));
    }
    this.sendEvent(new TerminatedEvent());
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.stopping = true;
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.stopping = true; // a running guest stops at its next slice
    this.sendResponse(response);
    this.shutdown();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
