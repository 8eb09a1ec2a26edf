/**
 * Statistics of the execution tiers for `hyperstep run --stats` (issue 14: compile cost
 * stays visible): blocks and regions compiled to JavaScript and to wasm by this
 * machine, and the wasm modules compiled and their compile time (process-wide: modules
 * are shared between machines).
 */
import type { Machine } from '../machine';
import { wasmStats } from './codegen';

export interface TierStats {
  jsBlocks: number;
  jsRegions: number;
  wasmBlocks: number;
  wasmRegions: number;
  wasmModules: number;
  wasmCompileMs: number;
  /** Bytes of the wasm modules compiled (their code size drives V8's compile time). */
  wasmModuleBytes: number;
}

export function tierStats(m: Machine): TierStats {
  const c = m.cache;
  return {
    jsBlocks: c.compiled - c.wasmBlocks, jsRegions: c.regions - c.wasmRegions, wasmBlocks: c.wasmBlocks, wasmRegions: c.wasmRegions,
    wasmModules: wasmStats.modules, wasmCompileMs: Number(wasmStats.compileMs.toFixed(1)),
    wasmModuleBytes: wasmStats.moduleBytes,
  };
}
