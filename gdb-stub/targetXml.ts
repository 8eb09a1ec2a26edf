/**
 * The target description gdb reads with qXfer:features:read:target.xml (gdb manual,
 * appendix G "Target Descriptions", G.5 "Standard Target Features", RISC-V Features):
 *   org.gnu.gdb.riscv.cpu      x0..x31 (regnum 0..31) and pc (32)
 *   org.gnu.gdb.riscv.fpu      f0..f31 (33..64), fflags, frm, fcsr (their CSR numbers)
 *   org.gnu.gdb.riscv.csr      the CSRs this emulator implements (emulator/debug/csrView.ts)
 *   org.gnu.gdb.riscv.virtual  priv (4161): the privilege level, V in bit 2 as QEMU does
 * gdb numbers a CSR register 65 + its CSR number, so `regnum` is given explicitly
 * for every register and the stub's p/P packets decode the same numbers.
 * Also the memory map (qXfer:memory-map:read, gdb manual "Memory Map Format").
 */
import { CSR_GROUPS } from '../emulator/debug/csrView';
import { csrNumber } from '../emulator/isa/disasm';

export const PC_REGNUM = 32;
export const FIRST_FP_REGNUM = 33;
export const FIRST_CSR_REGNUM = 65;
/** RISCV_PRIV_REGNUM in gdb: 65 + 4096. */
export const PRIV_REGNUM = FIRST_CSR_REGNUM + 4096;

const FP_CSRS = ['fflags', 'frm', 'fcsr'];

const ABI = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 'fp', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

/** The CSRs offered to gdb: name and CSR number (FP CSRs are in the fpu feature). */
export function gdbCsrs(): { name: string; num: number }[] {
  const out: { name: string; num: number }[] = [];
  for (const g of CSR_GROUPS) {
    for (const name of g.csrs) {
      if (FP_CSRS.includes(name)) continue;
      const num = csrNumber(name);
      if (num !== undefined && !out.some((c) => c.num === num)) out.push({ name, num });
    }
  }
  return out;
}

/** target.xml for an RV64 hart with F/D. */
export function targetXml(): string {
  const lines: string[] = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '<architecture>riscv:rv64</architecture>',
    '<feature name="org.gnu.gdb.riscv.cpu">',
  ];
  for (let i = 0; i < 32; i++) {
    const type = i === 2 ? 'data_ptr' : i === 1 ? 'code_ptr' : 'int';
    lines.push(`<reg name="${ABI[i]}" bitsize="64" type="${type}" regnum="${i}"/>`);
  }
  lines.push(`<reg name="pc" bitsize="64" type="code_ptr" regnum="${PC_REGNUM}"/>`, '</feature>');
  lines.push('<feature name="org.gnu.gdb.riscv.fpu">');
  for (let i = 0; i < 32; i++) lines.push(`<reg name="f${i}" bitsize="64" type="ieee_double" regnum="${FIRST_FP_REGNUM + i}"/>`);
  for (const name of FP_CSRS) {
    lines.push(`<reg name="${name}" bitsize="64" type="int" regnum="${FIRST_CSR_REGNUM + (csrNumber(name) ?? 0)}"/>`);
  }
  lines.push('</feature>', '<feature name="org.gnu.gdb.riscv.csr">');
  for (const c of gdbCsrs()) lines.push(`<reg name="${c.name}" bitsize="64" type="int" regnum="${FIRST_CSR_REGNUM + c.num}" group="csr"/>`);
  lines.push('</feature>', '<feature name="org.gnu.gdb.riscv.virtual">');
  lines.push(`<reg name="priv" bitsize="64" type="int" regnum="${PRIV_REGNUM}"/>`, '</feature>', '</target>');
  return lines.join('\n') + '\n';
}

export interface MemoryRegion { kind: 'ram' | 'rom'; start: number; length: number }

/** memory-map XML: RAM as ram; ROM and MMIO are left to the caller's list. */
export function memoryMapXml(regions: MemoryRegion[]): string {
  const body = regions.map((r) => `<memory type="${r.kind}" start="0x${r.start.toString(16)}" length="0x${r.length.toString(16)}"/>`);
  return ['<?xml version="1.0"?>',
    '<!DOCTYPE memory-map PUBLIC "+//IDN gnu.org//DTD GDB Memory Map V1.0//EN" "http://sourceware.org/gdb/gdb-memory-map.dtd">',
    '<memory-map>', ...body, '</memory-map>'].join('\n') + '\n';
}
