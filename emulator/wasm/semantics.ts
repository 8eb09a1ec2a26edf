/**
 * The wasm tier's view of the instruction tables: which instructions it compiles and
 * with what code, derived once from the `wasm` field of every description in
 * emulator/isa/tables.ts (the single source, beside each JavaScript `exec` template;
 * the semantics constructors are in alu.ts).
 *
 * - WASM_SEM: name -> WebAssembly semantics (definitions whose `wasm` is a function).
 * - CONTROL_AND_MEMORY: names whose `wasm` is 'codegen': loads, stores, branches, jumps
 *   and auipc, emitted by codegen.ts itself because they touch the software TLB or the
 *   control flow.
 * - Every other definition carries `{ fallback: reason }`: a block holding one stays in
 *   the JavaScript tiers (docs/architecture.md "Tiers").
 *
 * Lookups are by name, so the measurement marker (named `slli`, a fallback) does not
 * enter WASM_SEM: codegen.ts recognises it by match and mask before the name lookup.
 */
import { allInsns } from '../isa/tables';
import type { WasmSem } from './alu';

export type { SemCtx, WasmSem } from './alu';

export const WASM_SEM: Record<string, WasmSem> = {};

/** Emitted by codegen.ts itself (TLB probe or control flow). */
export const CONTROL_AND_MEMORY = new Set<string>();

for (const d of allInsns) {
  const w = d.wasm;
  if (typeof w === 'function') {
    if (WASM_SEM[d.name] !== undefined && WASM_SEM[d.name] !== w) throw new Error(`wasm semantics: two for ${d.name}`);
    WASM_SEM[d.name] = w;
  } else if (w === 'codegen') {
    CONTROL_AND_MEMORY.add(d.name);
  }
}
