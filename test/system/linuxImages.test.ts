/**
 * System test: fetch Debian trixie's riscv64 kernel and busybox-static for real
 * (cli/linuxImages.ts, network on the first run, cached in
 * $HYPERSTEP_LINUX_CACHE or ~/.cache/hyperstep/linux), then boot the kernel
 * with a generated initramfs under QEMU, the reference: OpenSBI fw_jump, the
 * virt board, two harts, a virtio-blk disk and a virtio-rng. The /init script
 * prints `uname -r`, /proc/cpuinfo and `nproc`, reads the disk's first bytes
 * through the insmod'ed virtio_mmio + virtio_blk, and powers off, which must
 * end QEMU with status 0.
 * Needs: apt-get install qemu-system-misc opensbi (the QEMU part is skipped otherwise).
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildInitramfs, ensureLinuxImages, type LinuxImages } from '../../emulator/host/nodeLinuxImages';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const QEMU = 'qemu-system-riscv64';

function haveQemu(): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, QEMU))) && existsSync(FW_JUMP);
}

/** Run QEMU to completion (or kill it after timeoutMs); its exit status and console output. */
function runQemu(args: string[], timeoutMs: number): Promise<{ status: number | null; out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const p = spawn(QEMU, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (status) => { clearTimeout(timer); resolve({ status, out, ms: Date.now() - t0 }); });
  });
}

describe('Debian riscv64 Linux images', function () {
  let images: LinuxImages;
  let dir: string;

  before(async function () {
    this.timeout(20 * 60_000);
    const t0 = Date.now();
    images = await ensureLinuxImages({ log: (l) => console.log(`      ${l}`) });
    console.log(`      ensureLinuxImages: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-linux-sys-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('fetched a flat Image, a static riscv64 busybox and modules with modules.dep', async () => {
    assert.match(images.version, /^\d+\.\d+\.\d+\+deb13-riscv64$/);
    const image = readFileSync(images.kernel);
    assert.equal(image.subarray(0x30, 0x38).toString('latin1'), 'RISCV\0\0\0');
    assert.equal(image.subarray(0x38, 0x3c).toString('latin1'), 'RSC\x05');
    const bb = readFileSync(images.busybox);
    assert.equal(bb.readUInt32BE(0), 0x7f454c46);
    assert.equal(bb.readUInt16LE(0x12), 0xf3, 'e_machine RISC-V');
    const dep = readFileSync(join(images.modulesDir, 'modules.dep'), 'utf8');
    assert.match(dep, /^kernel\/drivers\/block\/virtio_blk\.ko:/m);
    assert.ok(existsSync(join(images.modulesDir, 'kernel/drivers/virtio/virtio_mmio.ko')));
    // Cached now: offline works and gives the same paths.
    const t0 = Date.now();
    assert.deepEqual(await ensureLinuxImages({ offline: true }), images);
    assert.ok(Date.now() - t0 < 10_000);
  });

  it('boots under QEMU to the /init script, reads the virtio disk and powers off', async function () {
    if (!haveQemu()) {
      console.log(`      skipped: needs ${QEMU} and ${FW_JUMP} (apt-get install qemu-system-misc opensbi)`);
      this.skip();
    }
    this.timeout(10 * 60_000);
    const script = [
      'echo "UNAME=$(uname -r)"',
      'cat /proc/cpuinfo',
      'echo "NPROC=$(nproc)"',
      'echo "RNG=$(cat /sys/class/misc/hw_random/rng_current)"',
      'dd if=/dev/vda bs=16 count=1 2>/dev/null | hexdump -C',
      'echo "END-OF-SCRIPT"',
    ].join('\n');
    const initrd = join(dir, 'initramfs.cpio');
    const cpio = buildInitramfs({ images, script });
    assert.deepEqual(buildInitramfs({ images, script }), cpio, 'deterministic');
    writeFileSync(initrd, cpio);
    const disk = join(dir, 'disk.img');
    const head = Buffer.from('HyperStep-disk!\n', 'latin1');
    writeFileSync(disk, Buffer.concat([head, Buffer.alloc(1 << 20)]));

    const r = await runQemu([
      '-M', 'virt', '-m', '512', '-smp', '2', '-nographic', '-no-reboot', '-bios', FW_JUMP,
      '-kernel', images.kernel, '-initrd', initrd, '-append', 'console=ttyS0 panic=-1',
      '-drive', `file=${disk},format=raw,if=none,id=d0`, '-device', 'virtio-blk-device,drive=d0',
      '-device', 'virtio-rng-device',
    ], 5 * 60_000);
    console.log(`      QEMU: ${(r.ms / 1000).toFixed(1)} s from start to exit`);
    const out = r.out.replace(/\r/g, '');
    const ctx = `\n--- console tail ---\n${out.slice(-3000)}`;
    assert.ok(out.includes(`UNAME=${images.version}\n`), `uname -r${ctx}`);
    assert.equal((out.match(/^processor\s*: \d+$/gm) ?? []).length, 2, `cpuinfo${ctx}`);
    assert.match(out, /^isa\s*: rv64imafdc/m);
    assert.ok(out.includes('NPROC=2\n'), `nproc${ctx}`);
    assert.ok(out.includes('RNG=virtio_rng.0'), `virtio_rng${ctx}`);
    assert.ok(out.includes('00000000  48 79 70 65 72 53 74 65  70 2d 64 69 73 6b 21 0a  |HyperStep-disk!.|'), `disk bytes${ctx}`);
    assert.ok(!/insmod \S+ failed/.test(out), `insmod${ctx}`);
    assert.ok(out.includes('END-OF-SCRIPT'));
    assert.match(out, /reboot: Power down/);
    assert.equal(r.status, 0, `QEMU exit status${ctx}`);
  });
});
