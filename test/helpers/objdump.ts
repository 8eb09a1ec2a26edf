/**
 * Test helper: runs the RISC-V cross binutils (riscv64-unknown-elf-objdump / -gcc) when
 * installed, so ISA tests can compare against GNU's decoder. Tests skip when absent.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export const OBJDUMP = 'riscv64-unknown-elf-objdump';
export const GCC = 'riscv64-unknown-elf-gcc';

export function haveTool(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface ObjdumpLine {
  /** Address as a signed number (upper-half addresses such as 0xffffffff80000000 are
   *  negative, exactly as the disassembler takes them). */
  addr: number;
  /** Encoding as printed (e.g. "0001" or "00813503"). */
  hex: string;
  /** Mnemonic and operands separated by one space; trailing "# comment" removed. */
  text: string;
}

/** Parses `objdump -d` output lines of the form "  addr:\thex \ttext". */
export function parseObjdump(out: string): ObjdumpLine[] {
  const lines: ObjdumpLine[] = [];
  for (const l of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(.*)$/.exec(l);
    if (!m) continue;
    let text = m[3].replace(/\s+#.*$/, '').replace(/\t/, ' ').trim();
    text = text.replace(/\s+/g, ' ');
    lines.push({ addr: Number(BigInt.asIntN(64, BigInt('0x' + m[1]))), hex: m[2], text });
  }
  return lines;
}

/** Disassembles raw little-endian bytes as RV64GC with -M no-aliases. */
export function objdumpRaw(bytes: Uint8Array): ObjdumpLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'hs-objdump-'));
  try {
    const file = join(dir, 'code.bin');
    writeFileSync(file, bytes);
    const out = execFileSync(OBJDUMP, ['-D', '-b', 'binary', '-m', 'riscv:rv64', '-M', 'no-aliases', file],
      { encoding: 'utf8', maxBuffer: 256 << 20 });
    return parseObjdump(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Disassembles an ELF file's executable sections with -M no-aliases. */
export function objdumpElf(path: string): ObjdumpLine[] {
  const out = execFileSync(OBJDUMP, ['-d', '-M', 'no-aliases', path], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return parseObjdump(out);
}
