/**
 * The debug runtime's host services on Node (DebugHost, emulator/debug/runtime.ts):
 * files from the file system, turns of the event loop and timers. Shared by the DAP
 * session (debug-adapter/session.ts) and `hyperstep run --gdb` (cli/gdb.ts).
 */
import { readFileSync } from 'fs';
import type { DebugHost } from '../debug/runtime';

export const nodeDebugHost: DebugHost = {
  readFile: (p: string): Uint8Array => {
    const b = readFileSync(p);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  now: (): number => performance.now(),
  yieldToHost: (): Promise<void> => new Promise((resolve) => setImmediate(resolve)),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
};
