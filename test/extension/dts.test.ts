/**
 * The device-tree printer (debug-adapter/dts.ts): value guessing, escaping, and the
 * whole virt tree against `dtc -I dtb -O dts` (when dtc is installed: Debian package
 * device-tree-compiler) in dtc style, byte for byte.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FdtNode, readFdt, writeFdt, encodeStrings, encodeCells } from '../../emulator/boards/fdt';
import { buildVirtFdt, buildSpikeFdt } from '../../emulator/boards/virtFdt';
import { CBO_BLOCK_SIZE, HART_EXTENSIONS, HART_MMU_TYPE, isaString } from '../../emulator/hart/extensions';
import { fdtToDts, formatValue, valueKind } from '../../debug-adapter/dts';

const cfg = {
  harts: 2, ramBase: 0x80000000, ramSize: 128 << 20, isa: isaString(), isaExtensions: HART_EXTENSIONS,
  mmuType: HART_MMU_TYPE, cboBlockSize: CBO_BLOCK_SIZE, bootargs: 'console=ttyS0 "quoted" \\ tab\t',
  rngSeed: new Uint8Array(32).fill(0xa5),
};

function dtc(blob: Uint8Array): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'hyperstep-dts-'));
  try {
    writeFileSync(join(dir, 't.dtb'), blob);
    const r = spawnSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', join(dir, 't.dtb')], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('DTS printer', () => {
  it('guesses strings, cells and bytes', () => {
    assert.equal(valueKind(new Uint8Array(0)), 'empty');
    assert.equal(formatValue(encodeStrings(['a', 'b,c'])), '"a", "b,c"');
    assert.equal(formatValue(encodeStrings(['a', 'b'])), '"a", "b"');
    assert.equal(formatValue(encodeStrings(['a', 'b']), 'dtc'), '"a\\0b"');
    assert.equal(formatValue(encodeCells([2, 0x80000000])), '<0x02 0x80000000>');
    assert.equal(formatValue(new Uint8Array([1, 2, 0xff])), '[01 02 ff]');
    // 0x00384000 (the UART clock): dtc takes it for the strings "" and "8@"; readable keeps a cell.
    assert.equal(formatValue(encodeCells([0x384000])), '<0x384000>');
    assert.equal(formatValue(encodeCells([0x384000]), 'dtc'), '"\\08@"');
    assert.equal(formatValue(encodeStrings(['say "hi"\n'])), '"say \\"hi\\"\\n"');
  });

  it('prints nodes with tabs, properties first, children after a blank line, and reservations', () => {
    const root = new FdtNode('');
    root.setU32('#address-cells', 2).setEmpty('ranges');
    root.addChild('child@10').setString('status', 'okay');
    const dts = fdtToDts(readFdt(writeFdt({ root, reservations: [{ address: 0x80000000, size: 0x20000 }], bootCpuid: 0 })));
    assert.equal(dts, [
      '/dts-v1/;', '',
      '/memreserve/\t0x0000000080000000 0x0000000000020000;',
      '/ {', '\t#address-cells = <0x02>;', '\tranges;', '', '\tchild@10 {', '\t\tstatus = "okay";', '\t};', '};', '',
    ].join('\n'));
  });

  for (const [name, blob] of [['virt', buildVirtFdt({ ...cfg, virtioSlots: 8 })], ['spike', buildSpikeFdt(cfg)]] as const) {
    it(`prints the ${name} tree as dtc does`, function () {
      const expected = dtc(blob);
      if (expected === undefined) {
        console.log('    (dtc not installed: apt-get install device-tree-compiler; skipped)');
        this.skip();
      }
      assert.equal(fdtToDts(readFdt(blob), 'dtc'), expected);
    });
  }
});
