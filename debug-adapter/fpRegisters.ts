/**
 * Presentation of the floating-point registers in the Floating Point scope: a NaN-boxed
 * value (upper 32 bits all ones) is a single, anything else a double, each shown with
 * the raw 64 bits (`1.5 (f32, 0xffffffff3fc00000)`, `2.25 (f64, 0x4002000000000000)`);
 * the register's children give every interpretation.
 */
import { formatFloat } from '../emulator/debug/expr/index';

function bits64(raw: bigint): string {
  return '0x' + BigInt.asUintN(64, raw).toString(16).padStart(16, '0');
}

function asFloat(raw: bigint): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt.asUintN(64, raw), true);
  return dv.getFloat32(0, true);
}

function asDouble(raw: bigint): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt.asUintN(64, raw), true);
  return dv.getFloat64(0, true);
}

/** Whether a register holds a NaN-boxed single (its upper 32 bits are all ones). */
export function isNanBoxed(raw: bigint): boolean {
  return (BigInt.asUintN(64, raw) >> 32n) === 0xffffffffn;
}

/** One-line text of an f register: its value as the hart would read it, and the raw bits. */
export function fpRegisterText(raw: bigint): string {
  return isNanBoxed(raw)
    ? `${formatFloat(asFloat(raw), 4)} (f32, ${bits64(raw)})`
    : `${formatFloat(asDouble(raw), 8)} (f64, ${bits64(raw)})`;
}

/** The interpretations of an f register, for its children: float (of the low 32 bits,
 *  marked when not NaN-boxed), double and the raw bits. */
export function fpRegisterViews(raw: bigint): { name: string; value: string; type: string }[] {
  const low = BigInt.asUintN(32, raw);
  return [
    { name: 'f32', value: formatFloat(asFloat(raw), 4) + (isNanBoxed(raw) ? '' : ' (not NaN-boxed: reads as the canonical NaN)'), type: 'float' },
    { name: 'f64', value: formatFloat(asDouble(raw), 8), type: 'double' },
    { name: 'bits', value: bits64(raw), type: 'uint64_t' },
    { name: 'bits32', value: '0x' + low.toString(16).padStart(8, '0'), type: 'uint32_t' },
  ];
}
