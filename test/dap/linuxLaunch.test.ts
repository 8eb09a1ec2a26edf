/**
 * DAP scenarios for the launch attributes of Linux boots: `initrd` (placed where QEMU
 * places it: kernel entry + min(RAM / 2, 128 MiB), read back with readMemory), `rngSeed`,
 * and `"debianLinux": true` without cached images while offline (HYPERSTEP_LINUX_CACHE,
 * HYPERSTEP_LINUX_OFFLINE=1). Bad values fail the launch with one line. The real Linux
 * boot is test/system/dapLinux.test.ts.
 */
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, hex, useSessions, type Session } from './helpers';

/** Where a raw kernel image goes on virt (emulator/runElf.ts KERNEL_BASE). */
const KERNEL_BASE = 0x80200000n;

describe('DAP: initrd, rngSeed and "debianLinux": true launches', function () {
  this.timeout(10_000);
  const session = useSessions();
  let dir: string;
  let kernel: string;
  let initrd: string;
  const rd = new Uint8Array(10_000).map((_, i) => (i * 7 + 3) & 255);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-dap-linux-'));
    kernel = join(dir, 'kernel.bin');
    writeFileSync(kernel, new Uint8Array([0x6f, 0x00, 0x00, 0x00])); // j . (raw image)
    initrd = join(dir, 'initrd.cpio');
    writeFileSync(initrd, rd);
    writeFileSync(join(dir, 'empty.cpio'), new Uint8Array(0));
    writeFileSync(join(dir, 'big.cpio'), new Uint8Array(3 << 20));
    mkdirSync(join(dir, 'adir'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The launch's error message (asserts that it failed, with one line). */
  async function launchError(s: Session, config: Record<string, unknown>): Promise<string> {
    try {
      await s.dc.launchRequest({ type: 'hyperstep', request: 'launch', name: 'test', cwd: dir, ...config } as DebugProtocol.LaunchRequestArguments);
    } catch (e) {
      const msg = (e as Error).message;
      assert.match(msg, /^HyperStep: /);
      assert.doesNotMatch(msg, /\n/);
      return msg;
    }
    return assert.fail('the launch succeeded');
  }

  async function readMemory(s: Session, addr: bigint, count: number): Promise<Uint8Array> {
    const r = await s.dc.customRequest('readMemory', { memoryReference: hex(addr), count }) as DebugProtocol.ReadMemoryResponse;
    assert.equal(r.body?.unreadableBytes ?? 0, 0, 'all bytes readable');
    return new Uint8Array(Buffer.from(r.body!.data!, 'base64'));
  }

  it('places the initrd at kernel entry + RAM/2 (128 MiB RAM) and kernel entry + 128 MiB (512 MiB RAM)', async () => {
    for (const [memory, offset] of [['128M', 64n << 20n], ['512M', 128n << 20n]] as const) {
      const s = await session();
      await s.launch({ bios: ELF.o0, kernel: 'kernel.bin', initrd: 'initrd.cpio', memory, rngSeed: '0x0123456789abcdef', stopOnEntry: true, cwd: dir });
      await s.waitStopped('entry');
      const start = KERNEL_BASE + offset;
      assert.deepEqual(await readMemory(s, start, rd.length), rd, `initrd bytes at ${hex(start)} (${memory})`);
      assert.deepEqual(await readMemory(s, KERNEL_BASE, 4), new Uint8Array([0x6f, 0, 0, 0]), 'the raw kernel at 0x80200000');
      await s.stop();
    }
  });

  it('rejects a missing, empty, too large or misplaced initrd with one line', async () => {
    const base = { bios: ELF.o0, kernel: join(dir, 'kernel.bin') };
    assert.equal(await launchError(await session(), { ...base, initrd: 'nope.cpio' }),
      `HyperStep: initrd "${join(dir, 'nope.cpio')}" does not exist or is not a file`);
    assert.match(await launchError(await session(), { ...base, initrd: 'adir' }), /initrd ".*adir" does not exist or is not a file/);
    assert.equal(await launchError(await session(), { ...base, initrd: 'empty.cpio' }),
      `HyperStep: ${join(dir, 'empty.cpio')}: initrd is empty`);
    assert.match(await launchError(await session(), { ...base, initrd: 'big.cpio', memory: '8M' }),
      /^HyperStep: .*big\.cpio: initrd \(3\.0 MiB at 0x80600000\) does not fit below the device tree .*give the machine more RAM/);
    assert.match(await launchError(await session(), { program: ELF.o0, initrd: 'initrd.cpio' }), /"initrd" needs a kernel/);
  });

  it('rejects a bad rngSeed with one line', async () => {
    assert.match(await launchError(await session(), { program: ELF.o0, rngSeed: 'not hex' }), /"rngSeed": rng seed must be hexadecimal digits/);
    assert.match(await launchError(await session(), { program: ELF.o0, rngSeed: 'ab'.repeat(65) }), /"rngSeed": rng seed is longer than 64 bytes/);
    assert.match(await launchError(await session(), { program: ELF.o0, rngSeed: 7 }), /"rngSeed" must be a string/);
  });

  it('"debianLinux": true with an empty cache while offline says what is missing', async () => {
    const cache = join(dir, 'cache');
    mkdirSync(cache, { recursive: true });
    const saved = { cache: process.env.HYPERSTEP_LINUX_CACHE, offline: process.env.HYPERSTEP_LINUX_OFFLINE };
    process.env.HYPERSTEP_LINUX_CACHE = cache;
    process.env.HYPERSTEP_LINUX_OFFLINE = '1';
    let s: Session;
    try {
      s = await session(); // the adapter inherits the environment
    } finally {
      for (const [k, v] of [['HYPERSTEP_LINUX_CACHE', saved.cache], ['HYPERSTEP_LINUX_OFFLINE', saved.offline]] as const) {
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
    }
    const msg = await launchError(s, { debianLinux: true, linuxScript: 'uname -r' });
    assert.match(msg, new RegExp(`no usable Linux images cached in ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*offline|OpenSBI firmware not found`));
    assert.match(await launchError(await session(), { debianLinux: true, kernel: 'kernel.bin' }), /"debianLinux": true boots the cached Debian kernel .*leave out "kernel"/);
  });
});
