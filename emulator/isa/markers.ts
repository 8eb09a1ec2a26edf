/**
 * HyperStep's measurement markers: `slli x0, x0, N`, a HINT encoding designated for
 * custom use (unprivileged spec 20240411, 2.9 "HINT Instructions": SLLI/SRLI/SRAI with
 * rd = x0). Every hart, QEMU and Linux execute it as a no-op; the virtualization-mode
 * comparison's workload brackets what it measures with it (guests/compare/README.md).
 *
 * The definition keeps the name and format of `slli`, so disassembly, the assembler
 * (which finds `slli` first) and the GNU comparison are unchanged; its mask fixes rd and
 * rs1 to x0, so the decoder (most specific mask first) picks it for exactly those words.
 * It costs nothing while no probe is installed (Hart.marker returns at once); with one,
 * it ends its block through the device-exit path so the machine's counters are exact at
 * the marker (engine.ts). The wasm tier leaves it to the JavaScript tiers (its `wasm`
 * is a fallback), although `slli` itself has wasm semantics: the code generator tells
 * the two apart by match and mask, not by name.
 */
import { InsnFlag, type InsnDef } from './types';

export const MARKER_MATCH = 0x00001013;
export const MARKER_MASK = 0xfc0fffff;

export const markers: InsnDef[] = [
  { name: 'slli', ext: 'I', match: MARKER_MATCH, mask: MARKER_MASK, fmt: 'SH', flags: InsnFlag.MayTrap, exec: 'h.marker($shamt);',
    wasm: { fallback: 'measurement marker: ends its block through the device-exit path' } },
];
