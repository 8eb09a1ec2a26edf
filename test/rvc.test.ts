/**
 * Tests for emulator/isa/rvc.ts (and the compressed half of disasm.ts).
 *  - hand-checked expansions of common forms and the reserved cases of spec ch. 16;
 *  - exhaustive: all 49152 halfwords with low bits != 11 against GNU objdump, twice:
 *    (a) our compressed disassembly vs objdump's text of the halfword, and
 *    (b) objdump's text of our 32-bit expansion vs the 32-bit equivalent implied by
 *        objdump's compressed text (so expansion bugs cannot hide behind the printer);
 *  - a SHA-256 digest of the exhaustive result (recorded when (a)/(b) passed), so the
 *    check still runs on machines without the cross binutils.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { compressedName, expandCompressed } from '../emulator/isa/rvc';
import { disassemble } from '../emulator/isa/disasm';
import { haveTool, OBJDUMP, objdumpRaw } from './helpers/objdump';

/** Halfwords the spec reserves but binutils 2.40 still decodes (see report). */
const OBJDUMP_DISAGREES = new Set([0x6101]); // c.addi16sp with nzimm=0: reserved (16.5)

const allCompressed: number[] = [];
for (let c = 0; c < 0x10000; c++) if ((c & 3) !== 3) allCompressed.push(c);

function ourText(c: number, pc: number): string {
  return disassemble(c, pc, []).text;
}

/** Digest over (halfword, expansion, text at pc = 2*index) for every compressed value. */
const EXPECTED_DIGEST = 'ce60f0f3';

function digest(): string {
  const h = createHash('sha256');
  allCompressed.forEach((c, i) => h.update(`${c}:${expandCompressed(c)}:${ourText(c, 2 * i)}\n`));
  return h.digest('hex').slice(0, 8);
}

/** 32-bit text implied by an objdump compressed text; targets rebased from pcC to pcW. */
function impliedBase(text: string, pcC: number, pcW: number): string {
  const sp = text.indexOf(' ');
  const name = sp < 0 ? text : text.slice(0, sp);
  const ops = sp < 0 ? [] : text.slice(sp + 1).split(',');
  const rebase = (t: string): string => '0x' + (parseInt(t, 16) - pcC + pcW).toString(16);
  const base = name.slice(2);
  switch (name) {
    case 'c.addi4spn': return `addi ${ops.join(',')}`;
    case 'c.fld': case 'c.lw': case 'c.ld': case 'c.fsd': case 'c.sw': case 'c.sd':
      return `${base} ${ops.join(',')}`;
    case 'c.fldsp': case 'c.lwsp': case 'c.ldsp': case 'c.fsdsp': case 'c.swsp': case 'c.sdsp':
      return `${base.slice(0, -2)} ${ops.join(',')}`;
    case 'c.addi': case 'c.addiw': case 'c.andi': case 'c.slli': case 'c.srli': case 'c.srai':
    case 'c.sub': case 'c.xor': case 'c.or': case 'c.and': case 'c.subw': case 'c.addw': case 'c.add':
      return `${base} ${ops[0]},${ops[0]},${ops[1]}`;
    case 'c.addi16sp': return `addi sp,sp,${ops[1]}`;
    case 'c.slli64': case 'c.srli64': case 'c.srai64': return `${base.slice(0, -2)} ${ops[0]},${ops[0]},0x0`;
    case 'c.li': return `addi ${ops[0]},zero,${ops[1]}`;
    case 'c.lui': return `lui ${ops[0]},${ops[1]}`;
    case 'c.mv': return `add ${ops[0]},zero,${ops[1]}`;
    case 'c.j': return `jal zero,${rebase(ops[0])}`;
    case 'c.beqz': return `beq ${ops[0]},zero,${rebase(ops[1])}`;
    case 'c.bnez': return `bne ${ops[0]},zero,${rebase(ops[1])}`;
    case 'c.jr': return `jalr zero,0(${ops[0]})`;
    case 'c.jalr': return `jalr ra,0(${ops[0]})`;
    case 'c.ebreak': return 'ebreak';
    default: throw new Error(`unexpected objdump compressed text: ${text}`);
  }
}

describe('isa/rvc', () => {
  it('expands common forms (hand-assembled)', () => {
    const cases: Array<[number, number, string]> = [
      [0x1141, 0xff010113, 'c.addi'],     // c.addi sp,-16  -> addi sp,sp,-16
      [0xe406, 0x00113423, 'c.sdsp'],     // c.sdsp ra,8(sp) -> sd ra,8(sp)
      [0x60a2, 0x00813083, 'c.ldsp'],     // c.ldsp ra,8(sp) -> ld ra,8(sp)
      [0x8082, 0x00008067, 'c.jr'],       // c.jr ra -> jalr zero,0(ra)
      [0x4501, 0x00000513, 'c.li'],       // c.li a0,0 -> addi a0,zero,0
      [0x852e, 0x00b00533, 'c.mv'],       // c.mv a0,a1 -> add a0,zero,a1
      [0x0001, 0x00000013, 'c.addi'],     // c.nop -> addi zero,zero,0
      [0x9002, 0x00100073, 'c.ebreak'],
      [0x2501, 0x0005051b, 'c.addiw'],    // c.addiw a0,0 (sext.w) -> addiw a0,a0,0
      [0x0800, 0x01010413, 'c.addi4spn'], // c.addi4spn s0,sp,16
      [0x0506, 0x00151513, 'c.slli'],     // c.slli a0,0x1
      [0x9d2d, 0x00b5053b, 'c.addw'],     // c.addw a0,a1
      [0x8d0d, 0x40b50533, 'c.sub'],      // c.sub a0,a1
    ];
    for (const [c, want, name] of cases) {
      assert.equal(expandCompressed(c), want, `0x${c.toString(16)}`);
      assert.equal(compressedName(c), name, `0x${c.toString(16)}`);
    }
  });

  it('rejects the reserved encodings of spec 16.x and keeps HINTs legal', () => {
    const reserved = [
      0x0000,             // all zeros
      0x0004,             // c.addi4spn nzuimm=0 (rd'=s1)
      0x8000,             // quadrant 0 funct3=100
      0x2001,             // c.addiw rd=0
      0x6101,             // c.addi16sp nzimm=0
      0x6501,             // c.lui a0,0 (nzimm=0)
      0x6001,             // c.lui zero,0
      0x4002,             // c.lwsp rd=0
      0x6002,             // c.ldsp rd=0
      0x8002,             // c.jr rs1=0
      0x9c41,             // quadrant 1 ALU reserved slot (c12=1, 10)
      0x9c61,             // quadrant 1 ALU reserved slot (c12=1, 11)
    ];
    for (const c of reserved) assert.equal(expandCompressed(c), -1, `0x${c.toString(16)}`);
    const hints: Array<[number, number]> = [
      [0x6005, 0x00001037],  // c.lui zero,1 -> lui zero,0x1
      [0x0002, 0x00001013],  // c.slli64 zero -> slli zero,zero,0
      [0x8006, 0x00100033],  // c.mv zero,ra -> add zero,zero,ra
      [0x0005, 0x00100013],  // c.addi zero,1 -> addi zero,zero,1
      [0x8001, 0x00045413],  // c.srli64 s0 -> srli s0,s0,0
    ];
    for (const [c, want] of hints) assert.equal(expandCompressed(c), want, `0x${c.toString(16)}`);
    for (const c of allCompressed) {
      const e = expandCompressed(c);
      assert.ok(e === -1 || (e >= 0 && e <= 0xffffffff && (e & 3) === 3), `0x${c.toString(16)}`);
    }
    assert.equal(expandCompressed(0x0003), -1); // not a compressed encoding at all
  });

  it('matches the recorded digest of the exhaustive objdump comparison', () => {
    assert.equal(digest(), EXPECTED_DIGEST);
  });

  const objdumpIt = haveTool(OBJDUMP) ? it : it.skip;

  objdumpIt('agrees with objdump on every compressed halfword (text and expansion)', function () {
    this.timeout(120000);
    const half = new Uint8Array(allCompressed.length * 2);
    allCompressed.forEach((c, i) => { half[2 * i] = c & 0xff; half[2 * i + 1] = c >>> 8; });
    const lines = objdumpRaw(half);
    assert.equal(lines.length, allCompressed.length);
    const legal: Array<{ c: number; e: number; pcC: number; text: string }> = [];
    let mismatches = 0;
    const report: string[] = [];
    lines.forEach((l, i) => {
      const c = allCompressed[i];
      assert.equal(l.addr, 2 * i);
      const ours = ourText(c, l.addr);
      if (OBJDUMP_DISAGREES.has(c)) {
        assert.ok(ours.startsWith('.2byte'), `0x${c.toString(16)} must stay reserved`);
        return;
      }
      if (ours !== l.text) {
        mismatches++;
        if (report.length < 20) report.push(`0x${c.toString(16)}: ours "${ours}" objdump "${l.text}"`);
      }
      const e = expandCompressed(c);
      if (e !== -1) legal.push({ c, e, pcC: l.addr, text: l.text });
    });
    assert.equal(mismatches, 0, report.join('\n'));

    // (b) decode the expansions with objdump as 32-bit words.
    const words = new Uint8Array(legal.length * 4);
    const dv = new DataView(words.buffer);
    legal.forEach((x, i) => dv.setUint32(4 * i, x.e, true));
    const wl = objdumpRaw(words);
    assert.equal(wl.length, legal.length);
    wl.forEach((l, i) => {
      const x = legal[i];
      const want = impliedBase(x.text, x.pcC, l.addr);
      if (l.text !== want && report.length < 20) report.push(`0x${x.c.toString(16)} -> 0x${x.e.toString(16)}: objdump "${l.text}", implied "${want}"`);
    });
    assert.equal(report.length, 0, report.join('\n'));
  });
});
