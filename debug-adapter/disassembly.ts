/**
 * The DAP `disassemble` request: decodes guest memory with the emulator's shared
 * instruction table (emulator/isa/disasm.ts), names symbols and attaches source lines
 * from DWARF. RISC-V instructions are 2 or 4 bytes, so a negative instructionOffset is
 * resolved by decoding forward from far enough back to land exactly on the anchor.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Source } from '@vscode/debugadapter';
import type { DebugRuntime } from '../emulator/debug/runtime';
import { debugRead } from '../emulator/debug/debugMemory';
import { disassemble } from '../emulator/isa/disasm';
import { allInsns } from '../emulator/isa/tables';
import { hex } from './variables';

interface Decoded { address: bigint; bytes: Uint8Array | undefined; text: string }

function decodeAt(rt: DebugRuntime, address: bigint): Decoded {
  const h = rt.hart(0);
  const lo = debugRead(h, address, 2);
  if (lo === undefined) return { address, bytes: undefined, text: '??' };
  const half = lo[0] | (lo[1] << 8);
  let insn = half, len = 2;
  if ((half & 3) === 3) {
    const hi = debugRead(h, address + 2n, 2);
    if (hi === undefined) return { address, bytes: undefined, text: '??' };
    insn = (half | ((hi[0] | (hi[1] << 8)) << 16)) >>> 0;
    len = 4;
  }
  const pc = Number(BigInt.asIntN(64, address));
  const d = disassemble(insn, pc, allInsns, (a) => rt.symbols.symbolAt(BigInt.asUintN(64, BigInt(a)))?.name);
  return { address, bytes: debugRead(h, address, Math.max(len, d.length)), text: d.text };
}

/** Instructions that end exactly at `anchor`, `count` of them (fewer if unreadable). */
function before(rt: DebugRuntime, anchor: bigint, count: number): Decoded[] {
  for (let back = BigInt(count * 4); back >= BigInt(count * 2); back -= 2n) {
    const list: Decoded[] = [];
    let a = anchor - back;
    while (a < anchor) {
      const d = decodeAt(rt, a);
      list.push(d);
      a += BigInt(d.bytes?.length ?? 2);
    }
    if (a === anchor) return list.slice(-count);
  }
  return [];
}

export function disassembleRange(rt: DebugRuntime, anchor: bigint, instructionOffset: number, count: number,
  sourceOf: (dwarfPath: string, elfPath: string) => Source | undefined): DebugProtocol.DisassembledInstruction[] {
  const out: Decoded[] = [];
  let a = anchor;
  if (instructionOffset < 0) {
    const prior = before(rt, anchor, -instructionOffset);
    for (let i = prior.length; i < -instructionOffset; i++) out.push({ address: anchor - BigInt(2 * (-instructionOffset - i)), bytes: undefined, text: '??' });
    out.push(...prior);
  } else {
    for (let i = 0; i < instructionOffset; i++) a += BigInt(decodeAt(rt, a).bytes?.length ?? 2);
  }
  while (out.length < count) {
    const d = decodeAt(rt, a);
    out.push(d);
    a += BigInt(d.bytes?.length ?? 2);
  }
  return out.slice(0, count).map((d) => {
    const loc = rt.symbols.locate(d.address);
    const ins: DebugProtocol.DisassembledInstruction = {
      address: hex(d.address),
      instructionBytes: d.bytes ? [...d.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') : undefined,
      instruction: d.bytes ? d.text : '<unreadable>',
      presentationHint: d.bytes ? undefined : 'invalid',
    };
    const sym = loc.fn?.name ?? loc.symbol;
    if (sym !== undefined) ins.symbol = sym;
    if (loc.source !== undefined && loc.line !== undefined && loc.file !== undefined) {
      ins.line = loc.line;
      ins.location = sourceOf(loc.source, loc.file.path);
    }
    return ins;
  });
}
