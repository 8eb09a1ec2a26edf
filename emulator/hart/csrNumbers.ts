/**
 * CSR addresses (priv spec 1.12, chapter 2.2 "CSR Listing") used by the hart.
 * Names follow the spec. The disassembler keeps its own name table for printing.
 */
export const Csr = {
  fflags: 0x001, frm: 0x002, fcsr: 0x003,
  cycle: 0xc00, time: 0xc01, instret: 0xc02, hpmcounter3: 0xc03, hpmcounter31: 0xc1f,
  sstatus: 0x100, sie: 0x104, stvec: 0x105, scounteren: 0x106, senvcfg: 0x10a,
  sscratch: 0x140, sepc: 0x141, scause: 0x142, stval: 0x143, sip: 0x144,
  stimecmp: 0x14d, satp: 0x180,
  // Hypervisor and virtual-supervisor CSRs (priv spec 20211203, chapter 8).
  vsstatus: 0x200, vsie: 0x204, vstvec: 0x205, vsscratch: 0x240, vsepc: 0x241,
  vscause: 0x242, vstval: 0x243, vsip: 0x244, vstimecmp: 0x24d, vsatp: 0x280,
  hstatus: 0x600, hedeleg: 0x602, hideleg: 0x603, hie: 0x604, htimedelta: 0x605,
  hcounteren: 0x606, hgeie: 0x607, henvcfg: 0x60a, htval: 0x643, hip: 0x644,
  hvip: 0x645, htinst: 0x64a, hgatp: 0x680, hgeip: 0xe12,
  mvendorid: 0xf11, marchid: 0xf12, mimpid: 0xf13, mhartid: 0xf14, mconfigptr: 0xf15,
  mstatus: 0x300, misa: 0x301, medeleg: 0x302, mideleg: 0x303, mie: 0x304, mtvec: 0x305,
  mcounteren: 0x306, menvcfg: 0x30a, mcountinhibit: 0x320,
  mhpmevent3: 0x323, mhpmevent31: 0x33f,
  mscratch: 0x340, mepc: 0x341, mcause: 0x342, mtval: 0x343, mip: 0x344,
  mtinst: 0x34a, mtval2: 0x34b,
  pmpcfg0: 0x3a0, pmpcfg15: 0x3af, pmpaddr0: 0x3b0, pmpaddr63: 0x3ef,
  mseccfg: 0x747,
  tselect: 0x7a0, tdata1: 0x7a1, tdata2: 0x7a2, tdata3: 0x7a3, tinfo: 0x7a4,
  mcycle: 0xb00, minstret: 0xb02, mhpmcounter3: 0xb03, mhpmcounter31: 0xb1f,
} as const;

/**
 * Machine identification (priv spec 3.1.2-3.1.4), documented in docs/machine.md:
 * mvendorid 0 (non-commercial implementation); marchid 0x4853 ("HS"), in the
 * open-source range (bit 63 clear), not registered with RISC-V International;
 * mimpid = HyperStep version major << 16 | minor << 8 | patch (0.1.0 -> 0x100).
 */
export const MachineId = { mvendorid: 0, marchid: 0x4853, mimpid: 0x000100 } as const;

/** menvcfg / senvcfg fields (priv spec 3.1.18, 4.1.4; CMO spec 1.0.1 2.5; Svpbmt). */
export const EnvCfg = {
  FIOM: 1, CBIE: 3 << 4, CBCFE: 1 << 6, CBZE: 1 << 7,
  /** High word: PBMTE (bit 62), STCE (bit 63). */
  PBMTE_HI: 1 << 30, STCE_HI: 1 << 31,
} as const;

/** mstatus bit positions (priv spec 3.1.6). */
export const MStatus = {
  SIE: 1 << 1, MIE: 1 << 3, SPIE: 1 << 5, UBE: 1 << 6, MPIE: 1 << 7, SPP: 1 << 8,
  VS: 3 << 9, MPP: 3 << 11, FS: 3 << 13, XS: 3 << 15, MPRV: 1 << 17, SUM: 1 << 18,
  MXR: 1 << 19, TVM: 1 << 20, TW: 1 << 21, TSR: 1 << 22,
  /** High word (bits 63:32): GVA (bit 38) and MPV (bit 39), H extension 8.5.1. */
  GVA_HI: 1 << 6, MPV_HI: 1 << 7,
} as const;

/** hstatus fields (priv spec 20211203, 8.2.1). VSXL (bits 33:32) reads 2. */
export const HStatus = {
  VSBE: 1 << 5, GVA: 1 << 6, SPV: 1 << 7, SPVP: 1 << 8, HU: 1 << 9,
  VGEIN: 0x3f << 12, VTVM: 1 << 20, VTW: 1 << 21, VTSR: 1 << 22,
} as const;

/** Privilege levels (priv spec 1.2). */
export const Priv = { U: 0, S: 1, M: 3 } as const;
