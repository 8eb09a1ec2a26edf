/**
 * CSR documentation for the language server: a one-line description per CSR, the
 * access class decoded from the CSR number (privileged spec 20211203 2.1: bits [11:10]
 * = 11 read-only, bits [9:8] = lowest privilege), and the fields of the important CSRs
 * (mstatus 3.1.6, misa 3.1.1, mip/mie 3.1.9, mtvec 3.1.7, medeleg/mideleg 3.1.8,
 * mcause 3.1.15, mcounteren 3.1.11, satp 4.1.11, pmpcfg 3.7.1, fcsr unpriv 11.2).
 * Names and numbers come from emulator/isa/disasm.ts; the field bit positions are
 * cross-checked against emulator/debug/csrView.ts by test/lsp/docs.test.ts.
 */
import { csrName, csrNumber } from '../../emulator/isa/disasm';

export interface CsrField {
  name: string;
  /** "[3]" or "[12:11]". */
  bits: string;
  description: string;
}

export interface CsrDoc {
  name: string;
  number: number;
  /** "M", "S", "H" (hypervisor/VS) or "U": lowest privilege that may access it. */
  privilege: string;
  readOnly: boolean;
  description: string;
  fields: CsrField[];
}

const DESCRIPTIONS: Record<string, string> = {
  fflags: 'Floating-point accrued exception flags (NV DZ OF UF NX)',
  frm: 'Floating-point dynamic rounding mode',
  fcsr: 'Floating-point control and status: frm and fflags',
  cycle: 'Cycle counter (read-only shadow of mcycle)',
  time: 'Real-time counter (read-only shadow of mtime)',
  instret: 'Instructions-retired counter (read-only shadow of minstret)',
  seed: 'Entropy source (Zkr)',
  sstatus: 'Supervisor status: the S-mode view of mstatus',
  sie: 'Supervisor interrupt enable',
  stvec: 'Supervisor trap-handler base address and mode',
  scounteren: 'Supervisor counter enable: which counters U-mode may read',
  senvcfg: 'Supervisor environment configuration',
  sscratch: 'Scratch register for supervisor trap handlers',
  sepc: 'Supervisor exception program counter',
  scause: 'Supervisor trap cause',
  stval: 'Supervisor trap value (bad address or instruction)',
  sip: 'Supervisor interrupt pending',
  stimecmp: 'Supervisor timer compare (Sstc): STIP is set while time >= stimecmp',
  satp: 'Supervisor address translation and protection: paging mode, ASID, root page table PPN',
  scontext: 'Supervisor-mode context (debug triggers)',
  mvendorid: 'Vendor ID (JEDEC)',
  marchid: 'Architecture ID',
  mimpid: 'Implementation ID',
  mhartid: 'Hardware thread (hart) ID',
  mconfigptr: 'Pointer to the configuration data structure',
  mstatus: 'Machine status: interrupt enables, previous privilege, FP state, memory privilege',
  mstatush: 'Upper half of mstatus (RV32 only)',
  misa: 'ISA and extensions: MXL and one bit per extension letter',
  medeleg: 'Machine exception delegation to S-mode',
  mideleg: 'Machine interrupt delegation to S-mode',
  mie: 'Machine interrupt enable',
  mtvec: 'Machine trap-handler base address and mode',
  mcounteren: 'Machine counter enable: which counters S-mode may read',
  menvcfg: 'Machine environment configuration (Sstc enable, PBMT, cache-block ops)',
  mcountinhibit: 'Machine counter inhibit: stop mcycle / minstret / hpm counters',
  mscratch: 'Scratch register for machine trap handlers',
  mepc: 'Machine exception program counter',
  mcause: 'Machine trap cause',
  mtval: 'Machine trap value (bad address or instruction)',
  mip: 'Machine interrupt pending',
  mtinst: 'Machine trap instruction (transformed)',
  mtval2: 'Machine second trap value (guest physical address)',
  mseccfg: 'Machine security configuration (ePMP)',
  mcycle: 'Machine cycle counter',
  minstret: 'Machine instructions-retired counter',
  tselect: 'Debug/trace trigger register select',
  tdata1: 'First debug/trace trigger data register',
  tdata2: 'Second debug/trace trigger data register',
  tdata3: 'Third debug/trace trigger data register',
  tinfo: 'Trigger information',
  tcontrol: 'Trigger control',
  mcontext: 'Machine-mode context (debug triggers)',
  dcsr: 'Debug control and status (debug mode only)',
  dpc: 'Debug program counter (debug mode only)',
  dscratch0: 'Debug scratch register 0 (debug mode only)',
  dscratch1: 'Debug scratch register 1 (debug mode only)',
  hstatus: 'Hypervisor status',
  hedeleg: 'Hypervisor exception delegation',
  hideleg: 'Hypervisor interrupt delegation',
  hgatp: 'Hypervisor guest address translation and protection (G-stage root)',
  vsstatus: 'Virtual supervisor status',
  vsatp: 'Virtual supervisor address translation and protection',
};

function patternDescription(name: string): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^hpmcounter(\d+)(h?)$/.exec(name))) return `Hardware performance counter ${m[1]}${m[2] ? ' (upper half, RV32)' : ''}`;
  if ((m = /^mhpmcounter(\d+)(h?)$/.exec(name))) return `Machine hardware performance counter ${m[1]}${m[2] ? ' (upper half, RV32)' : ''}`;
  if ((m = /^mhpmevent(\d+)(h?)$/.exec(name))) return `Machine performance-monitoring event selector ${m[1]}${m[2] ? ' (upper half)' : ''}`;
  if ((m = /^pmpcfg(\d+)$/.exec(name))) {
    const n = Number(m[1]);
    return `PMP configuration of entries ${n * 4}-${n * 4 + 7} on RV64 (even numbers only)`;
  }
  if ((m = /^pmpaddr(\d+)$/.exec(name))) return `PMP address register ${m[1]} (physical address >> 2)`;
  if (/^(cycle|time|instret)h$/.exec(name)) return `Upper half of ${name.slice(0, -1)} (RV32 only)`;
  if (/^m(cycle|instret)h$/.exec(name)) return `Upper half of ${name.slice(0, -1)} (RV32 only)`;
  if (/^[mhs]stateen\d/.test(name)) return 'State-enable register (Smstateen)';
  if (/^v/.test(name)) return name.startsWith('vs') ? 'Virtual-supervisor CSR (hypervisor extension)' : 'Vector extension CSR';
  if (/^h/.test(name)) return 'Hypervisor-extension CSR';
  if (/(iselect|ireg|topei|topi|vien|vip|iprio|ieh|iph)/.test(name)) return 'Advanced interrupt architecture (AIA) CSR';
  return undefined;
}

// ---------------------------------------------------------------------------- fields

type FieldRow = [name: string, hi: number, lo: number, description: string];

const STATUS_ROWS: FieldRow[] = [
  ['SIE', 1, 1, 'S-mode interrupt enable'],
  ['MIE', 3, 3, 'M-mode interrupt enable'],
  ['SPIE', 5, 5, 'SIE before the last trap into S-mode'],
  ['UBE', 6, 6, 'U-mode big-endian data accesses'],
  ['MPIE', 7, 7, 'MIE before the last trap into M-mode'],
  ['SPP', 8, 8, 'privilege before the last trap into S-mode (0 U, 1 S)'],
  ['VS', 10, 9, 'vector state: Off, Initial, Clean, Dirty'],
  ['MPP', 12, 11, 'privilege before the last trap into M-mode (0 U, 1 S, 3 M)'],
  ['FS', 14, 13, 'floating-point state: Off (FP traps), Initial, Clean, Dirty'],
  ['XS', 16, 15, 'summary of other extensions\' state (read-only)'],
  ['MPRV', 17, 17, 'loads/stores use the privilege in MPP'],
  ['SUM', 18, 18, 'S-mode may access U-mode pages'],
  ['MXR', 19, 19, 'loads may read execute-only pages'],
  ['TVM', 20, 20, 'trap satp accesses and sfence.vma in S-mode'],
  ['TW', 21, 21, 'trap wfi in lower privilege modes'],
  ['TSR', 22, 22, 'trap sret in S-mode'],
  ['UXL', 33, 32, 'XLEN of U-mode (2 = 64)'],
  ['SXL', 35, 34, 'XLEN of S-mode (2 = 64)'],
  ['GVA', 38, 38, 'the last trap into M-mode wrote a guest virtual address to mtval (H)'],
  ['MPV', 39, 39, 'V before the last trap into M-mode; MRET returns to it (H)'],
  ['SD', 63, 63, 'some of FS/VS/XS is Dirty (read-only)'],
];
const SSTATUS_NAMES = new Set(['SIE', 'SPIE', 'UBE', 'SPP', 'VS', 'FS', 'XS', 'SUM', 'MXR', 'UXL', 'SD']);

const IRQ: [string, number, string][] = [
  ['SS', 1, 'supervisor software'], ['VSS', 2, 'virtual supervisor software (H)'], ['MS', 3, 'machine software'],
  ['ST', 5, 'supervisor timer'], ['VST', 6, 'virtual supervisor timer (H)'], ['MT', 7, 'machine timer'],
  ['SE', 9, 'supervisor external'], ['VSE', 10, 'virtual supervisor external (H)'], ['ME', 11, 'machine external'],
  ['SGE', 12, 'supervisor guest external (H; none with GEILEN = 0)'],
];
const irqRows = (suffix: 'IE' | 'IP', sOnly: boolean): FieldRow[] => IRQ
  .filter(([n]) => !sOnly || (n[0] === 'S' && n !== 'SGE'))
  .map(([n, b, what]) => [n + suffix, b, b, `${what} interrupt ${suffix === 'IE' ? 'enable' : 'pending'}`]);

const TVEC_ROWS: FieldRow[] = [
  ['BASE', 63, 2, 'trap handler address (4-byte aligned)'],
  ['MODE', 1, 0, '0 Direct: all traps to BASE; 1 Vectored: interrupts to BASE + 4 × cause'],
];
const CAUSE_ROWS: FieldRow[] = [
  ['Interrupt', 63, 63, '1 for an interrupt, 0 for an exception'],
  ['Code', 62, 0, 'exception code (2 illegal instruction, 8/9/11 ecall from U/S/M, 12/13/15 page faults, ...) or interrupt number'],
];
const SATP_ROWS: FieldRow[] = [
  ['MODE', 63, 60, '0 Bare, 8 Sv39, 9 Sv48, 10 Sv57'],
  ['ASID', 59, 44, 'address-space identifier'],
  ['PPN', 43, 0, 'physical page number of the root page table'],
];
const MISA_ROWS: FieldRow[] = [
  ['MXL', 63, 62, 'machine XLEN (2 = 64)'],
  ['Extensions', 25, 0, 'bit n set: extension letter \'A\' + n (A=0, C=2, D=3, F=5, I=8, M=12, S=18, U=20)'],
];
const MEDELEG_ROWS: FieldRow[] = [
  ['bit n', 15, 0, 'delegate exception code n to S-mode (e.g. bit 8 ecall from U, bit 12/13/15 page faults)'],
];
const MIDELEG_ROWS: FieldRow[] = [
  ['SSI', 1, 1, 'delegate supervisor software interrupts'],
  ['STI', 5, 5, 'delegate supervisor timer interrupts'],
  ['SEI', 9, 9, 'delegate supervisor external interrupts'],
];
const COUNTEREN_ROWS: FieldRow[] = [
  ['CY', 0, 0, 'cycle readable by the next lower privilege'],
  ['TM', 1, 1, 'time readable by the next lower privilege'],
  ['IR', 2, 2, 'instret readable by the next lower privilege'],
  ['HPMn', 31, 3, 'hpmcountern readable by the next lower privilege'],
];
const FFLAGS_ROWS: FieldRow[] = [
  ['NV', 4, 4, 'invalid operation'], ['DZ', 3, 3, 'divide by zero'], ['OF', 2, 2, 'overflow'],
  ['UF', 1, 1, 'underflow'], ['NX', 0, 0, 'inexact'],
];
const RM_TEXT = '0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM, 7 DYN (5, 6 reserved)';
const FCSR_ROWS: FieldRow[] = [...FFLAGS_ROWS, ['FRM', 7, 5, 'rounding mode: ' + RM_TEXT]];
const FRM_ROWS: FieldRow[] = [['FRM', 2, 0, 'rounding mode: ' + RM_TEXT]];

function pmpcfgRows(csr: number): FieldRow[] {
  const first = csr * 4;
  const rows: FieldRow[] = [];
  for (let k = 0; k < 8; k++) rows.push([`pmp${first + k}cfg`, 8 * k + 7, 8 * k, `configuration of PMP entry ${first + k}`]);
  rows.push(['pmpNcfg.R/W/X', 2, 0, 'read / write / execute permission bits of each byte']);
  rows.push(['pmpNcfg.A', 4, 3, 'address matching: 0 OFF, 1 TOR, 2 NA4, 3 NAPOT']);
  rows.push(['pmpNcfg.L', 7, 7, 'locked: also applies to M-mode, writes ignored until reset']);
  return rows;
}

const FIELDS: Record<string, FieldRow[]> = {
  mstatus: STATUS_ROWS,
  sstatus: STATUS_ROWS.filter(([n]) => SSTATUS_NAMES.has(n)),
  mie: irqRows('IE', false), mip: irqRows('IP', false), sie: irqRows('IE', true), sip: irqRows('IP', true),
  mtvec: TVEC_ROWS, stvec: TVEC_ROWS, mcause: CAUSE_ROWS, scause: CAUSE_ROWS, satp: SATP_ROWS,
  misa: MISA_ROWS, medeleg: MEDELEG_ROWS, mideleg: MIDELEG_ROWS,
  mcounteren: COUNTEREN_ROWS, scounteren: COUNTEREN_ROWS,
  fflags: FFLAGS_ROWS, fcsr: FCSR_ROWS, frm: FRM_ROWS,
};

const bitsText = (hi: number, lo: number): string => (hi === lo ? `[${lo}]` : `[${hi}:${lo}]`);

function fieldsOf(name: string): CsrField[] {
  const m = /^pmpcfg(\d+)$/.exec(name);
  const rows = m ? pmpcfgRows(Number(m[1])) : FIELDS[name] ?? [];
  return rows.map(([n, hi, lo, description]) => ({ name: n, bits: bitsText(hi, lo), description }));
}

/** Access class of a CSR number (priv spec 2.1). */
function privilegeOf(n: number): string {
  return ['U', 'S', 'H', 'M'][(n >>> 8) & 3];
}

/** Documentation of a CSR given its name (case-insensitive) or undefined if unknown. */
export function csrDoc(name: string): CsrDoc | undefined {
  const lower = name.toLowerCase();
  const number = csrNumber(lower);
  if (number === undefined) return undefined;
  return {
    name: lower, number, privilege: privilegeOf(number), readOnly: ((number >>> 10) & 3) === 3,
    description: DESCRIPTIONS[lower] ?? patternDescription(lower) ?? 'Control and status register',
    fields: fieldsOf(lower),
  };
}

/** Every named CSR number 0..0xfff, for completion. */
export function allCsrNames(): string[] {
  const out: string[] = [];
  for (let n = 0; n < 0x1000; n++) {
    const s = csrName(n);
    if (!s.startsWith('0x')) out.push(s);
  }
  return out;
}

/** "0x300 · M-mode · read/write". */
export function csrAccessText(d: CsrDoc): string {
  const level = d.privilege === 'H' ? 'hypervisor (HS/VS)' : `${d.privilege}-mode`;
  const debug = d.number >= 0x7b0 && d.number <= 0x7bf ? ' (debug mode only)' : '';
  return `0x${d.number.toString(16).padStart(3, '0')} · ${level}${debug} · ${d.readOnly ? 'read-only' : 'read/write'}`;
}
