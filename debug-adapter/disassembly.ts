/**
 * The DAP `disassemble` request: decodes guest memory with the emulator's shared
 * instruction table (emulator/isa/disasm.ts), names symbols and attaches source lines
 * from DWARF. RISC-V instructions are 2 or 4 bytes, so a negative instructionOffset is
 * resolved by decoding forward from far enough back to land exactly on the anchor.
 *
 * Branch and jump targets are labelled `<main+0x1c>`. Indirect jumps (and `la`) get the
 * address they reach as a comment when it is known: statically for an auipc/lui pair,
 * from the live registers for the instruction at a stopped hart's pc.
 *
 * The response always holds `instructionCount` rows (DAP). Unreadable memory is one
 * labelled row next to readable memory, `(no readable memory at 0x…)` with presentation
 * hint `invalid`; the other unreadable rows carry address -1, which VS Code's
 * disassembly view skips, so no run of placeholder rows appears before RAM.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Source } from '@vscode/debugadapter';
import type { DebugRuntime } from '../emulator/debug/runtime';
import { debugRead } from '../emulator/debug/debugMemory';
import { disassemble } from '../emulator/isa/disasm';
import { allInsns } from '../emulator/isa/tables';
import { hex } from './variables';

interface Decoded { address: bigint; bytes: Uint8Array | undefined; text: string; insn: number; name: string }

/** Address of a row that VS Code ignores (its disassembly view drops address -1). */
const SKIPPED_ADDRESS = '-1';

function decodeAt(rt: DebugRuntime, address: bigint): Decoded {
  const h = rt.hart(0);
  const none: Decoded = { address, bytes: undefined, text: '??', insn: 0, name: '' };
  const lo = debugRead(h, address, 2);
  if (lo === undefined) return none;
  const half = lo[0] | (lo[1] << 8);
  let insn = half, len = 2;
  if ((half & 3) === 3) {
    const hi = debugRead(h, address + 2n, 2);
    if (hi === undefined) return none;
    insn = (half | ((hi[0] | (hi[1] << 8)) << 16)) >>> 0;
    len = 4;
  }
  const pc = Number(BigInt.asIntN(64, address));
  const d = disassemble(insn, pc, allInsns, (a) => rt.symbols.symbolText(BigInt.asUintN(64, BigInt(a))));
  return { address, bytes: debugRead(h, address, Math.max(len, d.length)), text: d.text, insn, name: d.name };
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

const sext = (v: number, bits: number): bigint => BigInt.asIntN(bits, BigInt(v));

/** The register and offset an indirect jump or `addi` uses: jalr, c.jr, c.jalr, addi. */
function indirect(d: Decoded): { rs1: number; offset: bigint; rd: number } | undefined {
  if (d.name === 'jalr' || d.name === 'addi') return { rs1: (d.insn >>> 15) & 31, offset: sext(d.insn >> 20, 12), rd: (d.insn >>> 7) & 31 };
  if (d.name === 'c.jr' || d.name === 'c.jalr') return { rs1: (d.insn >>> 7) & 31, offset: 0n, rd: -1 };
  return undefined;
}

/** The value an auipc or lui at `d` leaves in `reg`, if it writes it. */
function upperValue(d: Decoded, reg: number): bigint | undefined {
  if ((d.name !== 'auipc' && d.name !== 'lui') || ((d.insn >>> 7) & 31) !== reg || reg === 0) return undefined;
  const upper = sext(d.insn & 0xfffff000, 32);
  return d.name === 'auipc' ? d.address + upper : upper;
}

/** Live value of x`reg` of a stopped hart whose pc is `address`. */
function liveRegister(rt: DebugRuntime, address: bigint, reg: number): bigint | undefined {
  if (rt.state !== 'stopped') return undefined;
  for (const h of rt.harts) {
    if (BigInt.asUintN(64, BigInt(h.pc)) !== address) continue;
    return reg === 0 ? 0n : (BigInt(h.xh[reg]) << 32n) | BigInt(h.xl[reg] >>> 0);
  }
  return undefined;
}

/** ` # 0x800000ac <puts>` for an indirect jump (or `la`'s addi) whose target is known. */
function resolvedTarget(rt: DebugRuntime, d: Decoded, prev: Decoded | undefined): string {
  const ind = indirect(d);
  if (ind === undefined || d.bytes === undefined) return '';
  let base: bigint | undefined;
  const p = prev !== undefined && prev.address + BigInt(prev.bytes?.length ?? 0) === d.address ? prev : decodeAt(rt, d.address - 4n);
  if (p.bytes !== undefined && p.address + BigInt(p.bytes.length) === d.address) base = upperValue(p, ind.rs1);
  if (d.name === 'addi' && base === undefined) return ''; // plain additions are not addresses
  base ??= liveRegister(rt, d.address, ind.rs1);
  if (base === undefined) return '';
  let target = BigInt.asUintN(64, base + ind.offset);
  if (d.name !== 'addi') target &= ~1n; // jalr clears bit 0
  const sym = rt.symbols.symbolText(target);
  return ` # ${hex(target)}${sym !== undefined ? ` <${sym}>` : ''}`;
}

export function disassembleRange(rt: DebugRuntime, anchor: bigint, instructionOffset: number, count: number,
  sourceOf: (dwarfPath: string, elfPath: string) => Source | undefined): DebugProtocol.DisassembledInstruction[] {
  const out: Decoded[] = [];
  let a = anchor;
  if (instructionOffset < 0) {
    const prior = before(rt, anchor, -instructionOffset);
    for (let i = prior.length; i < -instructionOffset; i++) out.push({ address: anchor - BigInt(2 * (-instructionOffset - i)), bytes: undefined, text: '??', insn: 0, name: '' });
    out.push(...prior);
  } else {
    for (let i = 0; i < instructionOffset; i++) a += BigInt(decodeAt(rt, a).bytes?.length ?? 2);
  }
  while (out.length < count) {
    const d = decodeAt(rt, a);
    out.push(d);
    a += BigInt(d.bytes?.length ?? 2);
  }
  const rows = out.slice(0, count);
  const anchorRow = instructionOffset <= 0 ? Math.min(-instructionOffset, rows.length - 1) : -1;
  const readable = (i: number): boolean => rows[i]?.bytes !== undefined;
  return rows.map((d, i) => {
    if (d.bytes === undefined) {
      // One labelled row where readable memory starts or ends (and at the anchor, which VS Code needs).
      const labelled = readable(i - 1) || readable(i + 1) || i === anchorRow;
      return labelled
        ? { address: hex(d.address), instruction: `(no readable memory at ${hex(d.address)})`, presentationHint: 'invalid' }
        : { address: SKIPPED_ADDRESS, instruction: '', presentationHint: 'invalid' };
    }
    const loc = rt.symbols.locate(d.address);
    const ins: DebugProtocol.DisassembledInstruction = {
      address: hex(d.address),
      instructionBytes: [...d.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' '),
      instruction: d.text + resolvedTarget(rt, d, rows[i - 1]),
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
