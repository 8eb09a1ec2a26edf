/**
 * Runner seam between the debug adapter and the emulator: loads an ELF from disk and
 * runs it to completion with emulator/runElf. The session talks only to this module so
 * that the later stepping runtime (emulator/runtime) can replace it in one place.
 */
import { readFile } from 'fs/promises';
import { runElfAsync, type RunOptions, type RunResult } from '../emulator/runElf';

/** Launch arguments understood by the runner (a subset of the DAP launch arguments). */
export interface RunRequest {
  program: string;
  machine?: 'virt' | 'spike';
  ramMiB?: number;
  maxInsns?: number;
}

/** Reads `req.program` and runs it in slices, yielding to the event loop between them
 *  (the adapter may share the extension host's thread); console text is forwarded as it
 *  is produced; `stop()` returning true ends the run early. */
export async function runProgram(req: RunRequest, onConsole: (text: string) => void,
  stop: () => boolean = () => false): Promise<RunResult> {
  const elf = await readFile(req.program);
  const opts: RunOptions = {
    machine: req.machine ?? 'virt',
    ramMiB: req.ramMiB ?? 128,
    maxInsns: req.maxInsns,
    onConsole,
  };
  return runElfAsync(new Uint8Array(elf.buffer, elf.byteOffset, elf.byteLength), opts, {
    yieldToHost: () => new Promise<void>((resolve) => setImmediate(resolve)),
    stopRequested: stop,
  });
}
