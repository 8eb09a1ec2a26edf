/**
 * Tests of the DWARF reader's inlined-subroutine support (DebugInfo.inlinedAt,
 * localsAt with a scope depth, inlinedEntries) against guests/debug/build/inline_o2.elf
 * (inline.c at -O2 -g, DWARF 5: clamp() inlined into scale() inlined into main()).
 * Expected values were cross-checked with riscv64-unknown-elf-readelf
 * --debug-dump=info,loc and objdump -d of that file; line numbers come from the
 * BP:<name> markers in the source.
 */

import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseElf } from '../../emulator/loader/elf';
import { DebugInfo } from '../../emulator/debug/dwarf/index';
import type { DVariable, FrameAccess } from '../../emulator/debug/model';

const ROOT = join(__dirname, '..', '..');
const SRC = 'guests/debug/inline.c';
const FILE = './debug/inline.c';

let cached: DebugInfo | undefined;
function load(): DebugInfo {
  if (!cached) {
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'guests/debug/build/inline_o2.elf')));
    cached = DebugInfo.fromElf(parseElf(bytes), bytes);
  }
  return cached;
}

/** Line of the `BP:<name>` marker in inline.c. */
function marker(name: string): number {
  const lines = readFileSync(join(ROOT, SRC), 'utf8').split('\n');
  const i = lines.findIndex((l) => new RegExp(`BP:${name}\\b`).test(l));
  assert.ok(i >= 0, `marker ${name}`);
  return i + 1;
}

/** The single breakpoint address of a marker's line. */
function bpAt(di: DebugInfo, name: string): bigint {
  const loc = di.breakpointLocations(FILE, marker(name));
  assert.ok(loc, name);
  assert.equal(loc.line, marker(name), `${name}: exact line`);
  assert.equal(loc.addresses.length, 1, `${name}: one copy`);
  return loc.addresses[0];
}

/** A frame with no registers or memory: only register/constant locations evaluate. */
function bareFrame(pc: bigint): FrameAccess {
  return {
    readReg: () => undefined, writeReg: () => false, readMemory: () => undefined,
    writeMemory: () => false, cfa: () => undefined, pc: () => pc,
  };
}

const names = (vs: DVariable[]): string[] => vs.map((v) => `${v.kind} ${v.name}: ${v.type.name}`);

describe('DWARF reader: inlined subroutines (inline_o2.elf)', () => {
  it('parses without warnings', () => {
    assert.deepEqual(load().warnings, []);
  });

  it('gives the inline chain at clamp\'s body, innermost first, with the call sites', () => {
    const di = load();
    const pc = bpAt(di, 'clampBody');
    const chain = di.inlinedAt(pc);
    assert.deepEqual(chain.map((c) => c.name), ['clamp', 'scale']);
    assert.equal(chain[0].callFile, FILE);
    assert.equal(chain[0].callLine, marker('callClamp'));
    assert.equal(chain[0].callColumn, 10); // `return clamp(...)`: column of `clamp`
    assert.equal(chain[1].callFile, FILE);
    assert.equal(chain[1].callLine, marker('callScale'));
    assert.equal(chain[1].callColumn, 13);
    for (const c of chain) {
      assert.ok(c.ranges.some((r) => pc >= r.lo && pc < r.hi), `${c.name} contains pc`);
      assert.ok(c.ranges.some((r) => c.entryPc >= r.lo && c.entryPc < r.hi), `${c.name} entry in its ranges`);
    }
    // The concrete function is still main; clamp's ranges nest inside scale's.
    assert.equal(di.functionAt(pc)?.name, 'main');
    for (const r of chain[0].ranges) assert.ok(chain[1].ranges.some((o) => r.lo >= o.lo && r.hi <= o.hi));
  });

  it('scale\'s body (outside clamp) is in scale only', () => {
    const di = load();
    const pc = bpAt(di, 'scaleBody');
    assert.deepEqual(di.inlinedAt(pc).map((c) => c.name), ['scale']);
    assert.deepEqual(names(di.localsAt(pc)), ['param v: int', 'param k: int', 'local t: int']);
    assert.deepEqual(names(di.localsAt(pc, 1)).map((n) => n.split(':')[0]), ['local sum', 'local i', 'local r']);
  });

  it('lists each scope\'s variables by depth', () => {
    const di = load();
    const pc = bpAt(di, 'clampBody');
    assert.deepEqual(names(di.localsAt(pc, 0)), ['param x: int']);
    assert.deepEqual(names(di.localsAt(pc)), ['param x: int']); // depth defaults to 0
    // Declaration order, although gcc emits k's concrete DIE before v's.
    assert.deepEqual(names(di.localsAt(pc, 1)), ['param v: int', 'param k: int', 'local t: int']);
    // main: its own locals (r is in the loop body's block), none of scale's or clamp's.
    assert.deepEqual(names(di.localsAt(pc, 2)), ['local sum: int', 'local i: int', 'local r: int']);
    assert.deepEqual(di.localsAt(pc, 3), []);
  });

  it('locates inlined variables through their location lists (readelf --debug-dump=loc)', () => {
    const di = load();
    const pc = bpAt(di, 'clampBody'); // 0x800000c8: mv s0,a5
    assert.equal(pc, 0x800000c8n);
    const fn = di.functionAt(pc);
    const at = (depth: number, name: string, where: bigint): ReturnType<DebugInfo['locate']> => {
      const v = di.localsAt(pc, depth).find((x) => x.name === name);
      assert.ok(v, name);
      return di.locate(v, fn, bareFrame(where));
    };
    assert.deepEqual(at(0, 'x', pc), { kind: 'register', reg: 15 }); // a5 in [c8, d0)
    assert.deepEqual(at(0, 'x', 0x800000d0n), { kind: 'register', reg: 8 }); // s0 in [d0, d6)
    assert.deepEqual(at(0, 'x', 0x800000d6n), { kind: 'memory', address: 0x80001020n }); // g_sink
    assert.deepEqual(at(0, 'x', 0x800000a8n), { kind: 'optimizedOut' }); // in clamp's range, no entry
    assert.deepEqual(at(1, 'v', pc), { kind: 'register', reg: 11 }); // a1
    assert.deepEqual(at(1, 'k', pc), { kind: 'register', reg: 9 }); // s1
    assert.deepEqual(at(1, 't', pc), { kind: 'register', reg: 14 }); // a4
  });

  it('finds the entry pcs of every inlined instance, inside main', () => {
    const di = load();
    const main = di.functionsByName('main');
    assert.equal(main.length, 1);
    for (const name of ['scale', 'clamp']) {
      const entries = di.inlinedEntries(name);
      assert.ok(entries.length > 0, name);
      for (const e of entries) {
        assert.equal(di.functionAt(e), main[0], `${name} entry 0x${e.toString(16)}`);
        assert.ok(di.inlinedAt(e).some((c) => c.name === name && c.entryPc === e));
      }
    }
    assert.deepEqual(di.inlinedEntries('main'), []);
    assert.deepEqual(di.inlinedEntries('no_such_function'), []);
  });

  it('a pc outside inlined code gives no chain and the function\'s own locals', () => {
    const di = load();
    const pc = bpAt(di, 'exit');
    assert.equal(di.functionAt(pc)?.name, 'main');
    assert.deepEqual(di.inlinedAt(pc), []);
    assert.deepEqual(names(di.localsAt(pc)), ['local sum: int']);
    assert.deepEqual(di.localsAt(pc, 1), []);
    assert.deepEqual(di.inlinedAt(di.functionsByName('printf')[0].bodyPc), []);
  });
});
