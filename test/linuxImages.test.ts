/**
 * Unit tests (no network) for cli/cpio.ts and cli/linuxImages.ts: the cpio
 * newc writer and reader at byte level, determinism, buildInitramfs over a
 * fake LinuxImages in a temporary directory (modules.dep resolution order,
 * built-in and missing modules, compressed modules, /init), modules.dep
 * generation from .modinfo, apt source parsing, and ensureLinuxImages offline.
 */
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { CPIO_HEADER_SIZE, type CpioEntry, readCpio, S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, writeCpio } from '../emulator/host/cpio';
import {
  buildInitramfs, ensureLinuxImages, flatImage, type InitramfsFile, initramfsOverlay, LinuxImageError, type LinuxImages,
  parseArchiveUri, parseModulesDep, readModinfo, resolveModules, writeModulesDep,
} from '../emulator/host/nodeLinuxImages';

const dec = new TextDecoder();
const text = (b: Uint8Array): string => dec.decode(b);

describe('cpio newc writer and reader', () => {
  it('writes a byte-exact header, padding and trailer', () => {
    const buf = writeCpio([{ type: 'file', path: '/ab', data: 'hello', mode: 0o640 }]);
    // Member 1: 110-byte header, "ab\0" (namesize 3, 113 -> padded to 116), 5 data bytes padded to 8.
    const header = text(buf.subarray(0, CPIO_HEADER_SIZE));
    assert.equal(header.slice(0, 6), '070701');
    const fields = header.slice(6).match(/.{8}/g)!;
    assert.equal(fields.length, 13);
    assert.deepEqual(fields, [
      '00000001', (S_IFREG | 0o640).toString(16).padStart(8, '0'), '00000000', '00000000', '00000001',
      '00000000', '00000005', '00000000', '00000000', '00000000', '00000000', '00000003', '00000000',
    ]);
    assert.equal(text(buf.subarray(110, 112)), 'ab');
    assert.deepEqual([...buf.subarray(112, 116)], [0, 0, 0, 0]); // NUL + 3 bytes of padding
    assert.equal(text(buf.subarray(116, 121)), 'hello');
    assert.deepEqual([...buf.subarray(121, 124)], [0, 0, 0]);
    // Trailer: ino 0, mode 0, nlink 1, namesize 11; 110 + 11 = 121 -> 124.
    const trailer = text(buf.subarray(124, 124 + 110));
    assert.equal(trailer.slice(0, 6), '070701');
    assert.equal(trailer.slice(6, 14), '00000000');
    assert.equal(trailer.slice(14, 22), '00000000');
    assert.equal(trailer.slice(38, 46), '00000001');
    assert.equal(trailer.slice(94, 102), '0000000b');
    assert.equal(text(buf.subarray(234, 244)), 'TRAILER!!!');
    assert.equal(buf.length, 248);
    assert.equal(buf.length % 4, 0);
  });

  it('round-trips directories, files, symlinks and device nodes with parents added and inodes in order', () => {
    const bin = new Uint8Array([0, 1, 2, 255, 254, 253, 7]);
    const buf = writeCpio([
      { type: 'symlink', path: 'bin/sh', target: 'busybox' },
      { type: 'file', path: 'bin/busybox', data: bin, mode: 0o755 },
      { type: 'dir', path: 'tmp', mode: 0o1777 },
      { type: 'chardev', path: 'dev/console', major: 5, minor: 1 },
      { type: 'file', path: 'etc/deep/x', data: '' },
    ]);
    const recs = readCpio(buf);
    assert.deepEqual(recs.map((r) => r.name), ['bin', 'bin/busybox', 'bin/sh', 'dev', 'dev/console', 'etc', 'etc/deep', 'etc/deep/x', 'tmp']);
    assert.deepEqual(recs.map((r) => r.ino), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const by = new Map(recs.map((r) => [r.name, r]));
    assert.equal(by.get('bin')!.mode, S_IFDIR | 0o755);
    assert.equal(by.get('bin')!.nlink, 2);
    assert.equal(by.get('tmp')!.mode, S_IFDIR | 0o1777);
    assert.equal(by.get('bin/busybox')!.mode, S_IFREG | 0o755);
    assert.deepEqual([...by.get('bin/busybox')!.data], [...bin]);
    assert.equal(by.get('bin/sh')!.mode & S_IFMT, S_IFLNK);
    assert.equal(text(by.get('bin/sh')!.data), 'busybox');
    const con = by.get('dev/console')!;
    assert.equal(con.mode, S_IFCHR | 0o600);
    assert.deepEqual([con.rdevmajor, con.rdevminor, con.data.length], [5, 1, 0]);
    assert.equal(by.get('etc/deep/x')!.data.length, 0);
    for (const r of recs) {
      assert.equal(r.offset % 4, 0, `${r.name} starts aligned`);
      assert.deepEqual([r.uid, r.gid, r.mtime], [0, 0, 0]);
    }
  });

  it('is deterministic and independent of the input order', () => {
    const entries: CpioEntry[] = [
      { type: 'file', path: 'b', data: 'B' }, { type: 'file', path: 'a/x', data: 'X' }, { type: 'symlink', path: 'c', target: 'b' },
    ];
    const one = writeCpio(entries);
    assert.deepEqual(writeCpio(entries), one);
    assert.deepEqual(writeCpio([...entries].reverse()), one);
  });

  it('rejects duplicates, ".." and bad archives', () => {
    assert.throws(() => writeCpio([{ type: 'file', path: 'a', data: '' }, { type: 'dir', path: '/a/' }]), /duplicate path "a"/);
    assert.throws(() => writeCpio([{ type: 'file', path: '../a', data: '' }]), /"\.\."/);
    assert.throws(() => writeCpio([{ type: 'file', path: 'f', data: '' }, { type: 'file', path: 'f/g', data: '' }]), /not a directory/);
    const buf = writeCpio([{ type: 'file', path: 'a', data: 'x' }]);
    const bad = buf.slice();
    bad[5] = 0x32; // "070702" (the crc variant)
    assert.throws(() => readCpio(bad), /bad magic "070702"/);
    assert.throws(() => readCpio(buf.subarray(0, 50)), /truncated/);
  });
});

/** A minimal ELF64 LE relocatable with a .modinfo section holding `info`. */
function fakeModule(info: Record<string, string>): Uint8Array {
  const enc = new TextEncoder();
  const modinfo = enc.encode(Object.entries(info).map(([k, v]) => `${k}=${v}\0`).join(''));
  const shstr = enc.encode('\0.modinfo\0.shstrtab\0');
  const modOff = 64, strOff = modOff + modinfo.length, shoff = (strOff + shstr.length + 7) & ~7;
  const buf = new Uint8Array(shoff + 3 * 64);
  const dv = new DataView(buf.buffer);
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  dv.setBigUint64(0x28, BigInt(shoff), true);
  dv.setUint16(0x3a, 64, true);
  dv.setUint16(0x3c, 3, true);
  dv.setUint16(0x3e, 2, true);
  buf.set(modinfo, modOff);
  buf.set(shstr, strOff);
  const sh = (i: number, name: number, off: number, size: number): void => {
    const b = shoff + i * 64;
    dv.setUint32(b, name, true);
    dv.setBigUint64(b + 0x18, BigInt(off), true);
    dv.setBigUint64(b + 0x20, BigInt(size), true);
  };
  sh(1, 1, modOff, modinfo.length);
  sh(2, 10, strOff, shstr.length);
  return buf;
}

describe('buildInitramfs over fake images', () => {
  let dir: string;
  let images: LinuxImages;
  const version = '6.1.0-test-riscv64';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-linux-'));
    const modulesDir = join(dir, 'lib/modules', version);
    const put = (rel: string, data: string | Uint8Array): void => {
      mkdirSync(join(modulesDir, rel, '..'), { recursive: true });
      writeFileSync(join(modulesDir, rel), data);
    };
    put('kernel/drivers/virtio/virtio_mmio.ko', 'MMIO');
    put('kernel/drivers/block/virtio_blk.ko', 'BLK');
    put('kernel/lib/ring.ko', 'RING');
    put('kernel/lib/core-a.ko', 'COREA');
    put('kernel/drivers/char/hw_random/virtio-rng.ko.gz', gzipSync(Buffer.from('RNG-DECOMPRESSED')));
    // depmod style: full closure, loaded from the end of each line backwards.
    put('modules.dep', [
      'kernel/drivers/virtio/virtio_mmio.ko: kernel/lib/ring.ko',
      'kernel/drivers/block/virtio_blk.ko: kernel/lib/ring.ko kernel/lib/core-a.ko',
      'kernel/lib/ring.ko: kernel/lib/core-a.ko',
      'kernel/lib/core-a.ko:',
      'kernel/drivers/char/hw_random/virtio-rng.ko.gz:',
      '',
    ].join('\n'));
    put('modules.builtin', 'kernel/drivers/virtio/virtio.ko\nkernel/fs/ext4/ext4.ko\n');
    writeFileSync(join(dir, 'busybox'), 'BUSYBOX-BINARY');
    writeFileSync(join(dir, 'Image'), 'IMAGE');
    images = { version, kernel: join(dir, 'Image'), busybox: join(dir, 'busybox'), modulesDir };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves modules.dep dependencies first, each once, skipping built-in modules', () => {
    assert.deepEqual(resolveModules(images, ['virtio_blk', 'virtio-mmio', 'ext4']).map((m) => m.name),
      ['core_a', 'ring', 'virtio_blk', 'virtio_mmio']);
    assert.deepEqual(resolveModules(images, ['virtio_mmio']).map((m) => m.path),
      ['kernel/lib/core-a.ko', 'kernel/lib/ring.ko', 'kernel/drivers/virtio/virtio_mmio.ko']);
  });

  it('names a missing module in a clear error', () => {
    assert.throws(() => buildInitramfs({ images, modules: ['virtio_blk', 'virtio_nett'] }),
      (e: Error) => e instanceof LinuxImageError && /module "virtio_nett" is neither in modules.dep nor built into Linux 6\.1\.0-test-riscv64/.test(e.message));
  });

  it('packs busybox, /init (0755) loading the modules in order, decompressed modules, /dev/console and /etc/passwd', () => {
    const cpio = buildInitramfs({ images, script: 'echo hello from the test', files: { '/etc/motd': 'hi\n', 'bin/run': '#!/bin/sh\n' } });
    const recs = readCpio(cpio);
    const by = new Map(recs.map((r) => [r.name, r]));
    assert.deepEqual(recs.map((r) => r.name), [...recs.map((r) => r.name)].sort(), 'sorted');
    assert.equal(text(by.get('bin/busybox')!.data), 'BUSYBOX-BINARY');
    assert.equal(by.get('bin/busybox')!.mode, S_IFREG | 0o755);
    assert.equal(text(by.get('bin/sh')!.data), 'busybox');
    assert.equal(by.get('bin/sh')!.mode & S_IFMT, S_IFLNK);
    for (const d of ['dev', 'proc', 'sys', 'tmp']) assert.equal(by.get(d)!.mode & S_IFMT, S_IFDIR, d);
    assert.deepEqual([by.get('dev/console')!.rdevmajor, by.get('dev/console')!.rdevminor], [5, 1]);
    assert.match(text(by.get('etc/passwd')!.data), /^root:x:0:0:root:\/root:\/bin\/sh\n$/);
    assert.equal(text(by.get('etc/motd')!.data), 'hi\n');
    assert.equal(by.get('etc/motd')!.mode, S_IFREG | 0o644);
    assert.equal(by.get('bin/run')!.mode, S_IFREG | 0o755);

    const base = `lib/modules/${version}/`;
    assert.equal(text(by.get(`${base}kernel/drivers/char/hw_random/virtio-rng.ko`)!.data), 'RNG-DECOMPRESSED');
    assert.ok(!by.has(`${base}kernel/drivers/char/hw_random/virtio-rng.ko.gz`));
    assert.equal(text(by.get(`${base}kernel/lib/ring.ko`)!.data), 'RING');
    assert.match(text(by.get(`${base}modules.dep`)!.data), /^kernel\/lib\/ring\.ko: kernel\/lib\/core-a\.ko$/m);

    const init = by.get('init')!;
    assert.equal(init.mode, S_IFREG | 0o755);
    const s = text(init.data);
    assert.ok(s.startsWith('#!/bin/busybox sh\n'));
    const order = [...s.matchAll(/^insmod '\/lib\/modules\/[^/]+\/(\S+)'/gm)].map((m) => m[1]);
    assert.deepEqual(order, ['kernel/lib/core-a.ko', 'kernel/lib/ring.ko', 'kernel/drivers/virtio/virtio_mmio.ko',
      'kernel/drivers/block/virtio_blk.ko', 'kernel/drivers/char/hw_random/virtio-rng.ko']);
    const at = (needle: string): number => { const i = s.indexOf(needle); assert.ok(i >= 0, needle); return i; };
    assert.ok(at('mount -t proc proc /proc') < at('insmod'));
    assert.ok(at('mount -t devtmpfs devtmpfs /dev') < at('insmod'));
    assert.ok(at('insmod') < at('echo hello from the test'));
    assert.ok(at('echo hello from the test') < at('poweroff -f'));
  });

  it('defaults to an interactive shell on the console', () => {
    const init = text(readCpio(buildInitramfs({ images, modules: [] })).find((r) => r.name === 'init')!.data);
    assert.match(init, /^setsid cttyhack sh$/m);
    assert.ok(!init.includes('insmod'));
  });

  it('extraFiles: explicit or detected modes, parents created, replacing earlier entries; clear errors', () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    const recs = readCpio(buildInitramfs({ images, modules: [], extraFiles: [
      { path: '/vmm', data: elf },
      { path: '/opt/kvm/guest.bin', data: new Uint8Array([1, 2, 3]) },
      { path: 'run.sh', data: '#!/bin/sh\necho hi\n' },
      { path: '/etc/passwd', data: 'x:0:0\n', mode: 0o600 },
      { path: '/bin/busybox', data: 'REPLACED', mode: 0o4755 },
    ] }));
    const by = new Map(recs.map((r) => [r.name, r]));
    assert.equal(by.get('vmm')!.mode, S_IFREG | 0o755, 'ELF -> 0755');
    assert.deepEqual([...by.get('vmm')!.data], [...elf]);
    assert.equal(by.get('opt/kvm/guest.bin')!.mode, S_IFREG | 0o644, 'data -> 0644');
    assert.equal(by.get('opt')!.mode & S_IFMT, S_IFDIR, 'parent directories');
    assert.equal(by.get('opt/kvm')!.mode & S_IFMT, S_IFDIR);
    assert.equal(by.get('run.sh')!.mode, S_IFREG | 0o755, '"#!" -> 0755');
    assert.equal(by.get('etc/passwd')!.mode, S_IFREG | 0o600);
    assert.equal(text(by.get('etc/passwd')!.data), 'x:0:0\n', 'replaces the default');
    assert.equal(text(by.get('bin/busybox')!.data), 'REPLACED');
    assert.equal(by.get('bin/busybox')!.mode, S_IFREG | 0o4755);
    assert.equal(recs.filter((r) => r.name === 'bin/busybox').length, 1);
    const bad = (extraFiles: InitramfsFile[], re: RegExp): void => {
      assert.throws(() => buildInitramfs({ images, modules: [], extraFiles }), (e: Error) => e instanceof LinuxImageError && re.test(e.message));
    };
    bad([{ path: '/', data: 'x' }], /initramfs file "\/": empty path/);
    bad([{ path: '/a/../b', data: 'x' }], /initramfs file "\/a\/..\/b": ".." in path/);
    bad([{ path: '/x', data: 'x', mode: 0o10000 }], /mode 4096 is not a permission mode/);
    bad([{ path: '/bin', data: 'x' }], /would replace a directory \(it holds bin\//);
  });

  it('initramfsOverlay: an archive of just the files, to append to an initramfs', () => {
    const base = buildInitramfs({ images, modules: [] });
    const overlay = initramfsOverlay([{ path: '/usr/bin/vmm', data: 'V', mode: 0o700 }, { path: '/a', data: '1' }, { path: '/a', data: '2' }]);
    assert.deepEqual(readCpio(overlay).map((r) => [r.name, r.mode, text(r.data)]), [
      ['a', S_IFREG | 0o644, '2'], ['usr', S_IFDIR | 0o755, ''], ['usr/bin', S_IFDIR | 0o755, ''], ['usr/bin/vmm', S_IFREG | 0o700, 'V'],
    ]);
    assert.equal(base.length % 4, 0, 'the appended archive starts 4-byte aligned, as the kernel needs');
    assert.deepEqual(initramfsOverlay([{ path: '/a', data: '2' }]), initramfsOverlay([{ path: '/a', data: '2' }]));
  });

  it('is deterministic', () => {
    const a = buildInitramfs({ images, script: 'true' });
    const b = buildInitramfs({ images, script: 'true' });
    assert.deepEqual(a, b);
    assert.equal(a.length % 4, 0);
  });

  it('writes modules.dep from .modinfo depends= (closure, loadable from the end backwards)', () => {
    const md = join(dir, 'gen');
    mkdirSync(join(md, 'kernel'), { recursive: true });
    writeFileSync(join(md, 'kernel/a.ko'), fakeModule({ name: 'a', depends: '' }));
    writeFileSync(join(md, 'kernel/b-x.ko'), fakeModule({ depends: 'a' }));
    writeFileSync(join(md, 'kernel/c.ko'), fakeModule({ depends: 'b_x', license: 'GPL' }));
    writeFileSync(join(md, 'modules.order'), 'kernel/c.ko\nkernel/a.ko\n');
    assert.equal(readModinfo(readFileSync(join(md, 'kernel/c.ko'))).get('license'), 'GPL');
    assert.equal(writeModulesDep(md), 3);
    assert.equal(readFileSync(join(md, 'modules.dep'), 'utf8'),
      'kernel/c.ko: kernel/b-x.ko kernel/a.ko\nkernel/a.ko:\nkernel/b-x.ko: kernel/a.ko\n');
    assert.deepEqual(parseModulesDep(readFileSync(join(md, 'modules.dep'), 'utf8')).get('c')!.deps, ['b_x', 'a']);
  });
});

describe('linuxImages helpers', () => {
  it('reads the main archive URI from deb822 and one-line apt sources', () => {
    assert.equal(parseArchiveUri([
      'Types: deb', 'URIs: http://mirror.example/debian/', 'Suites: bookworm bookworm-updates', 'Components: main', '',
      'Types: deb', 'URIs: http://deb.debian.org/debian-security', 'Suites: bookworm-security', 'Components: main', '',
    ].join('\n')), 'http://mirror.example/debian');
    assert.equal(parseArchiveUri('deb http://security.debian.org/ bookworm-security main\ndeb [arch=amd64] http://ftp.de.debian.org/debian bookworm main\n'),
      'http://ftp.de.debian.org/debian');
    assert.equal(parseArchiveUri('# nothing\n'), undefined);
  });

  it('accepts a flat RISC-V Image and rejects other files', () => {
    const img = new Uint8Array(0x40);
    img.set(new TextEncoder().encode('RISCV\0\0\0'), 0x30);
    assert.equal(flatImage(img, 'x'), img);
    assert.deepEqual(flatImage(gzipSync(img), 'x'), Buffer.from(img));
    assert.throws(() => flatImage(new Uint8Array(0x40), 'vmlinux'), /vmlinux: not a flat RISC-V Image/);
  });

  it('ensureLinuxImages offline with an empty cache fails with a message saying how to fetch', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hyperstep-linux-empty-'));
    try {
      await assert.rejects(ensureLinuxImages({ cacheDir: empty, offline: true }), (e: Error) => {
        assert.ok(e instanceof LinuxImageError);
        assert.match(e.message, /no usable Linux images cached in .*hyperstep-linux-empty-.* and offline/);
        assert.match(e.message, /npx tsx scripts\/fetchLinux\.ts/);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
