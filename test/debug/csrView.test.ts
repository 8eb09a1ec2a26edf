/**
 * Tests for the debugger's CSR view (emulator/debug/csrView.ts): reads and writes by
 * name as M-mode without traps, hart consistency after writes, field decoding and
 * single-field editing.
 */
import { strict as assert } from 'assert';
import { createMachine } from '../../emulator/runElf';
import type { Hart } from '../../emulator/hart/hart';
import { MStatus, Priv } from '../../emulator/hart/csrNumbers';
import {
  CSR_GROUPS, csrField, csrFieldNames, csrFieldValue, csrSummary, decodeCsr, readCsrByName, setCsrField, writeCsrByName,
} from '../../emulator/debug/csrView';

function newHart(): Hart {
  return createMachine({ machine: 'virt', ramMiB: 16, harts: 1, console: { write() { /* ignore */ } } }).harts[0];
}
const field = (name: string, v: bigint, f: string): string | undefined =>
  decodeCsr(name, v).find((x) => x.name === f)?.value;

describe('csrView: read and write by name', () => {
  it('every listed CSR is readable', () => {
    const h = newHart();
    for (const g of CSR_GROUPS) {
      for (const c of g.csrs) assert.notEqual(readCsrByName(h, c), undefined, c);
    }
    assert.equal(CSR_GROUPS.find((g) => g.name === 'PMP')!.csrs.length, 18);
  });

  it('writes mstatus.MPP = S and decodes it', () => {
    const h = newHart();
    const old = readCsrByName(h, 'mstatus')!;
    assert.ok(writeCsrByName(h, 'mstatus', setCsrField('mstatus', old, 'MPP', 'S')));
    const v = readCsrByName(h, 'mstatus')!;
    assert.equal((h.mstatus & MStatus.MPP) >>> 11, Priv.S);
    assert.equal(field('mstatus', v, 'MPP'), 'S');
    assert.equal(field('mstatus', v, 'UXL'), '64');
    assert.equal(decodeCsr('mstatus', v).find((x) => x.name === 'MPP')!.bits, '[12:11]');
  });

  it('unknown CSR reads undefined; read-only and unknown writes return false', () => {
    const h = newHart();
    assert.equal(readCsrByName(h, 'nosuchcsr'), undefined);
    assert.equal(readCsrByName(h, 'scontext'), undefined); // named but not implemented
    assert.equal(readCsrByName(h, 'pmpcfg1'), undefined); // odd pmpcfg: RV32 only
    assert.equal(writeCsrByName(h, 'pmpcfg1', 0xffn), false);
    assert.equal(writeCsrByName(h, 'mhartid', 5n), false);
    assert.equal(writeCsrByName(h, 'cycle', 5n), false);
    assert.equal(writeCsrByName(h, 'scontext', 5n), false);
    assert.equal(readCsrByName(h, 'mhartid'), 0n);
  });

  it('bypasses privilege checks and restores the privilege', () => {
    const h = newHart();
    h.priv = Priv.U;
    assert.equal(typeof readCsrByName(h, 'mstatus'), 'bigint');
    assert.equal(typeof readCsrByName(h, 'cycle'), 'bigint'); // mcounteren = 0
    assert.ok(writeCsrByName(h, 'mscratch', 0x1234_5678_9abc_def0n));
    assert.equal(readCsrByName(h, 'mscratch'), 0x1234_5678_9abc_def0n);
    assert.equal(h.priv, Priv.U);
  });

  it('FP CSRs are accessible with FS off and reading does not dirty FS', () => {
    const h = newHart();
    assert.equal(h.mstatus & MStatus.FS, 0);
    assert.ok(writeCsrByName(h, 'fcsr', (1n << 5n) | 0x3n));
    assert.equal(readCsrByName(h, 'frm'), 1n);
    assert.equal(field('fcsr', readCsrByName(h, 'fcsr')!, 'FRM'), 'RTZ');
    assert.equal(field('fcsr', readCsrByName(h, 'fcsr')!, 'NX'), '1');
    assert.equal(h.mstatus & MStatus.FS, 0);
    h.mstatus |= 1 << 13; // FS = Initial
    readCsrByName(h, 'fflags');
    assert.equal(h.mstatus & MStatus.FS, 1 << 13);
  });

  it('mcycle and minstret read back what was written', () => {
    const h = newHart();
    assert.ok(writeCsrByName(h, 'minstret', 1000n));
    assert.equal(readCsrByName(h, 'minstret'), 1000n);
    assert.ok(writeCsrByName(h, 'mcycle', 77n));
    assert.equal(readCsrByName(h, 'mcycle'), 77n);
  });

  it('satp writes flush the S/U TLB, unsupported modes are ignored', () => {
    const h = newHart();
    h.tlbVpn[5] = 123;
    assert.ok(writeCsrByName(h, 'satp', (8n << 60n) | (3n << 44n) | 0x80100n));
    assert.ok(Number.isNaN(h.tlbVpn[5]));
    assert.equal(readCsrByName(h, 'satp'), (8n << 60n) | (3n << 44n) | 0x80100n);
    assert.ok(writeCsrByName(h, 'satp', 11n << 60n)); // reserved MODE: no effect (WARL)
    assert.equal(field('satp', readCsrByName(h, 'satp')!, 'MODE'), 'Sv39');
    assert.equal(field('satp', readCsrByName(h, 'satp')!, 'ASID'), '3');
    assert.equal(field('satp', readCsrByName(h, 'satp')!, 'PPN'), '0x80100');
  });

  it('mstatus writes from S-mode recompute contexts for the real privilege', () => {
    const h = newHart();
    h.priv = Priv.S;
    h.updateContexts();
    const load = h.loadBase;
    assert.ok(writeCsrByName(h, 'mstatus', BigInt(MStatus.MPP))); // MPP = M
    assert.equal(h.loadBase, load);
    assert.equal(h.priv, Priv.S);
  });
});

describe('csrView: decoding', () => {
  it('mcause / scause', () => {
    assert.equal(field('mcause', 2n, 'Cause'), 'Illegal instruction');
    assert.equal(field('mcause', 2n, 'Interrupt'), '0');
    assert.equal(field('scause', (1n << 63n) | 5n, 'Cause'), 'Supervisor timer interrupt');
    assert.equal(field('scause', (1n << 63n) | 5n, 'Interrupt'), '1');
    assert.equal(setCsrField('scause', 0n, 'Cause', 'machine external interrupt'), (1n << 63n) | 11n);
  });

  it('misa, mtvec, mie, medeleg, pmpcfg, menvcfg, counteren', () => {
    const h = newHart();
    assert.equal(field('misa', readCsrByName(h, 'misa')!, 'Extensions'), 'IMAFDCHSU');
    assert.equal(field('misa', readCsrByName(h, 'misa')!, 'MXL'), '64');
    assert.equal(field('mtvec', 0x80000101n, 'MODE'), 'Vectored');
    assert.equal(field('mtvec', 0x80000101n, 'BASE'), '0x80000100');
    assert.equal(setCsrField('mtvec', 1n, 'BASE', '0x80000200'), 0x80000201n);
    assert.equal(field('mie', 1n << 7n, 'MTIE'), '1');
    assert.equal(field('mip', 1n << 9n, 'SEIP'), '1');
    assert.deepEqual(decodeCsr('sip', 0n).map((f) => f.name), ['SSIP', 'STIP', 'SEIP']);
    assert.equal(field('medeleg', 1n << 8n, 'Ecall from U-mode'), '1');
    const cfg = 0x1fn << 8n; // pmp1: R W X, NAPOT
    assert.equal(field('pmpcfg0', cfg, 'pmp1.A'), 'NAPOT');
    assert.equal(field('pmpcfg0', cfg, 'pmp1.R'), '1');
    assert.equal(field('pmpcfg2', 0x08n, 'pmp8.A'), 'TOR');
    assert.equal(field('menvcfg', 1n << 63n, 'STCE'), '1');
    assert.equal(field('scounteren', 2n, 'TM'), '1');
    assert.deepEqual(decodeCsr('mscratch', 5n), []);
  });

  it('setCsrField accepts names and numbers, rejects bad input', () => {
    assert.equal(setCsrField('mstatus', 0n, 'FS', 'Dirty'), 3n << 13n);
    assert.equal(setCsrField('mstatus', 0n, 'mpp', '3'), 3n << 11n);
    assert.equal(setCsrField('mstatus', 0n, 'SIE', 1n), 2n);
    assert.equal(setCsrField('satp', 0n, 'MODE', 'Sv48'), 9n << 60n);
    assert.equal(setCsrField('fcsr', 0n, 'FRM', 'DYN'), 7n << 5n);
    assert.throws(() => setCsrField('mstatus', 0n, 'MPP', '7'));
    assert.throws(() => setCsrField('mstatus', 0n, 'NOPE', '1'));
    assert.throws(() => setCsrField('mstatus', 0n, 'FS', 'Bogus'));
  });
});

describe('csrView: fields for expressions and summaries', () => {
  it('csrField finds fields in any case and names enumeration values', () => {
    const mpp = csrField('mstatus', 'mpp')!;
    assert.deepEqual([mpp.name, mpp.lo, mpp.width], ['MPP', 11, 2]);
    assert.deepEqual(mpp.names, [{ name: 'U', value: 0n }, { name: 'S', value: 1n }, { name: 'M', value: 3n }]);
    assert.equal(csrFieldValue(mpp, 0x1800n), 3n);
    const mode = csrField('satp', 'MODE')!;
    assert.deepEqual(mode.names?.map((n) => `${n.name}=${n.value}`), ['Bare=0', 'Sv39=8', 'Sv48=9', 'Sv57=10', 'Sv64=11']);
    assert.equal(csrField('mcause', 'code')!.width, 63);
    assert.equal(csrField('mcause', 'code')!.names, undefined);
    assert.equal(csrField('hstatus', 'SPV')!.lo, 7);
    assert.equal(csrField('mstatus', 'nosuch'), undefined);
    assert.equal(csrField('mscratch', 'x'), undefined);
    assert.ok(csrFieldNames('mstatus').includes('SIE'));
    assert.deepEqual(csrFieldNames('pmpcfg0'), [], 'pmpN.R fields are not members');
  });

  it('csrSummary lists the non-zero fields, a covering display alone, at most six', () => {
    assert.equal(csrSummary('mstatus', 0x0000000a00001800n), '{MPP=M}', 'UXL/SXL are always 64: left out');
    assert.equal(csrSummary('mstatus', 0x0000000a00006088n), '{MIE=1, MPIE=1, FS=Dirty}');
    assert.equal(csrSummary('mcause', (1n << 63n) | 7n), '{Cause=Machine timer interrupt}');
    assert.equal(csrSummary('mcause', 2n), '{Cause=Illegal instruction}');
    assert.equal(csrSummary('satp', (8n << 60n) | 0x80123n), '{MODE=Sv39, PPN=0x80123}');
    assert.equal(csrSummary('mie', 0n), '{}');
    assert.equal(csrSummary('mie', 0xaaan), '{SSIE=1, MSIE=1, STIE=1, MTIE=1, SEIE=1, MEIE=1}');
    assert.equal(csrSummary('mip', 0x1eeen), '{SSIP=1, VSSIP=1, MSIP=1, STIP=1, VSTIP=1, MTIP=1, …}');
    assert.equal(csrSummary('mscratch', 5n), '', 'no field table: no summary');
  });
});
