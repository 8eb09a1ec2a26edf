/**
 * Field extractors for 32-bit RISC-V encodings (unprivileged spec ch. 2.2-2.3,
 * "Base Instruction Formats" and "Immediate Encoding Variants").
 * Every decoder, the disassembler and the block compiler take fields from here.
 */

export const opcode = (i: number): number => i & 0x7f;
export const rd = (i: number): number => (i >>> 7) & 0x1f;
export const rs1 = (i: number): number => (i >>> 15) & 0x1f;
export const rs2 = (i: number): number => (i >>> 20) & 0x1f;
export const rs3 = (i: number): number => (i >>> 27) & 0x1f;
export const funct3 = (i: number): number => (i >>> 12) & 7;
export const rm = funct3;
export const funct7 = (i: number): number => (i >>> 25) & 0x7f;
export const csr = (i: number): number => (i >>> 20) & 0xfff;
export const shamt6 = (i: number): number => (i >>> 20) & 0x3f;
export const shamt5 = (i: number): number => (i >>> 20) & 0x1f;
export const aq = (i: number): number => (i >>> 26) & 1;
export const rl = (i: number): number => (i >>> 25) & 1;
export const pred = (i: number): number => (i >>> 24) & 0xf;
export const succ = (i: number): number => (i >>> 20) & 0xf;

/** I-type immediate, sign-extended. */
export const immI = (i: number): number => i >> 20;
/** S-type immediate, sign-extended. */
export const immS = (i: number): number => ((i >> 25) << 5) | ((i >>> 7) & 0x1f);
/** B-type immediate (byte offset), sign-extended. */
export const immB = (i: number): number =>
  ((i >> 31) << 12) | (((i >>> 7) & 1) << 11) | (((i >>> 25) & 0x3f) << 5) | (((i >>> 8) & 0xf) << 1);
/** U-type immediate (already shifted left by 12), sign-extended to 32 bits. */
export const immU = (i: number): number => i & 0xfffff000;
/** J-type immediate (byte offset), sign-extended. */
export const immJ = (i: number): number =>
  ((i >> 31) << 20) | (((i >>> 12) & 0xff) << 12) | (((i >>> 20) & 1) << 11) | (((i >>> 21) & 0x3ff) << 1);

/** True when the low two bits mark a 16-bit (compressed) encoding. */
export const isCompressed = (lowHalf: number): boolean => (lowHalf & 3) !== 3;
