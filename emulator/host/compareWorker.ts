/**
 * Worker thread of `hyperstep compare` (compareRunner.ts): reads one mode's boot files,
 * runs and measures it (emulator/compare/measure.ts) and posts progress messages and
 * the ModeResult back. One machine per worker, so modes run in parallel on separate
 * cores. A `cancel` message stops the run between slices.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'worker_threads';
import { readFileSync } from 'fs';
import { measureMode } from '../compare/measure';
import { compareDisk } from '../compare/disk';
import type { CompareModeName } from '../compare/result';

/** What the runner sends: file paths of one mode's resolved boot. */
export interface WorkerJob {
  mode: CompareModeName;
  bios: string;
  kernel: string;
  initrd?: string;
  append?: string;
  ramMiB: number;
  maxInstructions?: number;
}

export type WorkerMessage =
  | { type: 'progress'; phase: 'boot' | 'measure' | 'shutdown' | 'done'; instructions: number; seconds: number }
  | { type: 'result'; result: ReturnType<typeof measureMode> }
  | { type: 'error'; message: string };

function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('compareWorker must run as a worker thread');
  const job = workerData as WorkerJob;
  let cancelled = false;
  try {
    const result = measureMode(job.mode, {
      bios: readFileSync(job.bios), kernel: readFileSync(job.kernel),
      initrd: job.initrd !== undefined ? readFileSync(job.initrd) : undefined,
      append: job.append, disk: compareDisk(), ramMiB: job.ramMiB,
    }, {
      maxInstructions: job.maxInstructions,
      onProgress: (p) => port.postMessage({ type: 'progress', ...p } satisfies WorkerMessage),
      // The machine keeps this thread busy, so messages are read synchronously between slices.
      cancelled: () => {
        for (let msg = receiveMessageOnPort(port); msg !== undefined; msg = receiveMessageOnPort(port)) {
          if (msg.message === 'cancel') cancelled = true;
        }
        return cancelled;
      },
    });
    port.postMessage({ type: 'result', result } satisfies WorkerMessage);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message } satisfies WorkerMessage);
  }

}

main();
