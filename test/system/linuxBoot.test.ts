/**
 * System test: `hyperstep linux` boots Debian's riscv64 kernel (fetched into the cache
 * on first use) with the project's busybox initramfs on 1 and on 4 harts. /init prints
 * `uname -r`, the `isa` line of /proc/cpuinfo (which must list the extensions the
 * hart offers), `nproc`, and the first bytes of a virtio disk read through the insmod'ed
 * virtio_mmio + virtio_blk; `poweroff -f` must end the run with status 0, and the
 * kernel log must hold no WARNING, BUG, Oops or soft lockup. Also: a bad initrd and a
 * bad --rng-seed fail in one line with status 2, reboot ends the run, and a kernel
 * panic ends it with the panic line and status 1.
 * Runs the bundled CLI (npm run test:system builds it first). Needs opensbi.
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OPENSBI_FW_JUMP } from '../../emulator/host/nodeLinuxBoot';
import { ensureLinuxImages, type LinuxImages } from '../../emulator/host/nodeLinuxImages';
import { HART_EXTENSIONS } from '../../emulator/hart/extensions';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const MAGIC = 'HYPERSTEP-VIRTIO-DISK-0123456789';

interface Run { status: number | null; out: string; err: string; seconds: number }

function hyperstep(args: string[], timeoutMs = 10 * 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString('utf8'); });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (status) => { clearTimeout(timer); resolve({ status, out, err, seconds: (Date.now() - t0) / 1000 }); });
  });
}

/** Kernel-log lines that must never appear in a clean boot. */
const BAD = /(WARNING:|\bBUG[: ]|Oops|soft lockup|Kernel panic|Call Trace)/;

const SCRIPT = [
  'echo "HS-UNAME $(uname -r)"',
  'grep -m1 "^isa" /proc/cpuinfo',
  'echo "HS-NPROC $(nproc)"',
  'echo "HS-DISK $(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 32)"',
  'echo "HS-DISK2 $(dd if=/dev/vda bs=512 skip=2048 count=1 2>/dev/null | head -c 32)"',
].join('\n');

describe('Debian Linux on HyperStep (hyperstep linux)', function () {
  this.timeout(20 * 60_000);
  let images: LinuxImages;
  let dir: string;
  let disk: string;

  before(async function () {
    if (!existsSync(OPENSBI_FW_JUMP)) { console.log('      skipped: apt-get install opensbi'); this.skip(); }
    images = await ensureLinuxImages({ log: (l) => console.log(`      ${l}`) });
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-linux-boot-'));
    disk = join(dir, 'disk.img');
    const img = Buffer.alloc(2 << 20);
    img.write(MAGIC, 0, 'latin1');
    img.write(MAGIC.split('').reverse().join(''), 2048 * 512, 'latin1');
    writeFileSync(disk, img);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const harts of [1, 4]) {
    it(`boots to /init on ${harts} hart${harts > 1 ? 's' : ''}, reads the virtio disk, powers off with status 0`, async () => {
      const r = await hyperstep(['linux', '--offline', '--harts', String(harts), '--drive', disk, '--exec', SCRIPT, '--stats']);
      const stats = JSON.parse(r.err.trim().split('\n').pop() ?? '{}') as { instructions?: number; mips?: number };
      console.log(`      ${harts} hart(s): ${r.seconds.toFixed(1)} s, ${((stats.instructions ?? 0) / 1e9).toFixed(3)} x 10^9 instructions, ${stats.mips} MIPS`);
      const tail = `\n--- console tail ---\n${r.out.slice(-3000)}\n--- stderr ---\n${r.err.slice(-1000)}`;
      assert.equal(r.status, 0, `exit status${tail}`);
      assert.ok(r.out.includes('Run /init as init process'), `reached /init${tail}`);
      assert.ok(r.out.includes(`HS-UNAME ${images.version}`), `uname -r${tail}`);
      const isa = /^isa\s*:\s*(\S+)/m.exec(r.out);
      assert.ok(isa, `isa line in /proc/cpuinfo${tail}`);
      for (const ext of HART_EXTENSIONS.filter((e) => e.length > 1)) {
        assert.ok(isa[1].split('_').includes(ext), `/proc/cpuinfo isa lists ${ext}: ${isa[1]}`);
      }
      assert.ok(r.out.includes(`HS-NPROC ${harts}`), `nproc is ${harts}${tail}`);
      assert.ok(r.out.includes(`HS-DISK ${MAGIC}`), `first sector of the virtio disk${tail}`);
      assert.ok(r.out.includes(`HS-DISK2 ${MAGIC.split('').reverse().join('')}`), `sector 2048 of the virtio disk${tail}`);
      assert.ok(/reboot: Power down/.test(r.out), `power down${tail}`);
      const bad = r.out.split('\n').filter((l) => BAD.test(l));
      assert.deepEqual(bad, [], 'kernel log has no WARNING/BUG/Oops/soft lockup');
    });
  }

  it('reboot ends the run, with a message', async () => {
    const r = await hyperstep(['linux', '--offline', '--exec', 'echo HS-REBOOTING; reboot -f']);
    assert.ok(r.out.includes('HS-REBOOTING'), r.out.slice(-2000));
    assert.equal(r.status, 0);
    assert.match(r.err, /rebooted/);
  });

  it('a kernel panic ends the run with the panic line and status 1', async () => {
    const r = await hyperstep(['linux', '--offline', '--exec', 'echo HS-CRASHING; sleep 1; echo c > /proc/sysrq-trigger']);
    assert.ok(r.out.includes('HS-CRASHING'), r.out.slice(-2000));
    assert.match(r.out, /Kernel panic - not syncing/);
    assert.equal(r.status, 1, r.err);
    assert.match(r.err, /the guest kernel panicked: Kernel panic - not syncing/);
  });

  it('bad boot inputs get a one-line error and status 2', async () => {
    const big = join(dir, 'big.cpio');
    writeFileSync(big, Buffer.alloc(200 << 20, 1));
    const cases: [string[], RegExp][] = [
      [['run', '--bios', OPENSBI_FW_JUMP, '--kernel', images.kernel, '--initrd', join(dir, 'missing.cpio')], /missing\.cpio: cannot read initrd \(ENOENT\)/],
      [['run', '--bios', OPENSBI_FW_JUMP, '--kernel', images.kernel, '--initrd', big, '--ram', '256'], /does not fit below the device tree/],
      [['run', '--bios', OPENSBI_FW_JUMP, '--kernel', images.kernel, '--ram', '16'], /does not fit in RAM/],
      [['run', '--bios', OPENSBI_FW_JUMP, '--kernel', join(dir, 'nokernel')], /nokernel: cannot read kernel \(ENOENT\)/],
      [['linux', '--offline', '--rng-seed', 'not-hex'], /--rng-seed must be hexadecimal/],
      [['linux', '--offline', '--file', join(dir, 'missing.bin')], /--file \S*missing\.bin: cannot read \(ENOENT\)/],
    ];
    for (const [args, re] of cases) {
      const r = await hyperstep(args, 60_000);
      assert.equal(r.status, 2, `${args.join(' ')}: status (stderr: ${r.err})`);
      assert.match(r.err, re, args.join(' '));
      assert.equal(r.err.trim().split('\n').filter((l) => l.startsWith('hyperstep:')).length, 1, `one line: ${r.err}`);
    }
  });
});
