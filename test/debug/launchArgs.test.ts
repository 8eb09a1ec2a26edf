import { strict as assert } from 'assert';
import { bootImages, parseLaunchArgs, parseMemorySize, programDirectory, withLinuxBoot, type LaunchSpec } from '../../debug-adapter/launchArgs';

const FILES = new Set([
  '/ws/hello.elf', '/ws/fw.elf', '/ws/kernel.elf', '/ws/sub/extra.elf', '/ws/kernel.bin', '/opt/fw/fw_jump.elf',
]);
const fs = { isFile: (p: string) => FILES.has(p) };

function ok(args: Record<string, unknown>, cwd = '/ws'): LaunchSpec {
  const r = parseLaunchArgs(args, fs, cwd);
  if ('error' in r) assert.fail(`unexpected error: ${r.error}`);
  return r.spec;
}

function err(args: Record<string, unknown>, cwd = '/ws'): string {
  const r = parseLaunchArgs(args, fs, cwd);
  if ('spec' in r) assert.fail(`expected an error, got ${JSON.stringify(r.spec)}`);
  assert.match(r.error, /^HyperStep: /);
  assert.doesNotMatch(r.error, /\n/);
  return r.error;
}

describe('launchArgs: parseLaunchArgs', () => {
  it('fills the defaults for a bare program', () => {
    assert.deepEqual(ok({ program: '/ws/hello.elf' }), {
      program: '/ws/hello.elf', machine: 'virt', memoryMiB: 128, harts: 1, stopOnEntry: true,
      symbols: [], cwd: '/ws', uartTerminal: false, numberFormat: 'decimal', timeTravel: { budgetMiB: 512 },
    });
  });

  it('accepts every field of a full configuration', () => {
    const spec = ok({
      type: 'hyperstep', request: 'launch', name: 'x', __sessionId: 'abc',
      program: 'hello.elf', machine: 'spike', memory: '1G', harts: 4, stopOnEntry: false,
      symbols: ['sub/extra.elf'], uartTerminal: true, maxInsns: 1000, numberFormat: 'decimal',
      snapshotMemory: 64, snapshotInterval: 100000,
    });
    assert.deepEqual(spec, {
      program: '/ws/hello.elf', machine: 'spike', memoryMiB: 1024, harts: 4, stopOnEntry: false,
      symbols: ['/ws/sub/extra.elf'], cwd: '/ws', uartTerminal: true, maxInsns: 1000, numberFormat: 'decimal',
      timeTravel: { budgetMiB: 64, interval: 100000 },
    });
  });

  it('resolves relative paths against cwd, and a relative cwd against the default', () => {
    const spec = ok({ cwd: 'sub', program: '../hello.elf', symbols: ['extra.elf', '/ws/fw.elf'] });
    assert.equal(spec.cwd, '/ws/sub');
    assert.equal(spec.program, '/ws/hello.elf');
    assert.deepEqual(spec.symbols, ['/ws/sub/extra.elf', '/ws/fw.elf']);
    assert.equal(ok({ cwd: '/ws', program: 'hello.elf' }, '/elsewhere').program, '/ws/hello.elf');
  });

  it('drops duplicate symbol files and the program itself from symbols', () => {
    assert.deepEqual(ok({ program: 'hello.elf', symbols: ['hello.elf', 'fw.elf', '/ws/fw.elf'] }).symbols, ['/ws/fw.elf']);
  });

  it('parses memory sizes', () => {
    assert.equal(ok({ program: 'hello.elf', memory: 256 }).memoryMiB, 256);
    assert.equal(ok({ program: 'hello.elf', memory: '256M' }).memoryMiB, 256);
    assert.equal(ok({ program: 'hello.elf', memory: '64MiB' }).memoryMiB, 64);
    assert.equal(ok({ program: 'hello.elf', memory: '2g' }).memoryMiB, 2048);
    assert.equal(ok({ program: 'hello.elf', memory: '131072K' }).memoryMiB, 128);
    assert.equal(ok({ program: 'hello.elf', memory: '32' }).memoryMiB, 32);
    assert.equal(parseMemorySize('1.5G'), undefined);
    assert.equal(parseMemorySize('100K'), undefined);
    assert.equal(parseMemorySize(true), undefined);
  });

  it('accepts the deprecated ramMiB when memory is absent', () => {
    assert.equal(ok({ program: 'hello.elf', ramMiB: 64 }).memoryMiB, 64);
    assert.equal(ok({ program: 'hello.elf', ramMiB: 64, memory: '1G' }).memoryMiB, 1024);
    assert.equal(err({ program: 'hello.elf', ramMiB: '64M' }), 'HyperStep: "ramMiB" must be an integer number of MiB (got "64M")');
  });

  it('time travel: off, memory and interval checked', () => {
    assert.equal(ok({ program: 'hello.elf', timeTravel: false }).timeTravel, false);
    assert.match(err({ program: 'hello.elf', snapshotMemory: 8 }), /"snapshotMemory" must be a whole number of MiB between 16 and 65536 \(got 8\)/);
    assert.match(err({ program: 'hello.elf', snapshotInterval: 'often' }), /"snapshotInterval" must be a whole number of instructions/);
    assert.match(err({ program: 'hello.elf', restore: 'missing.hysnap' }), /restore ".*missing.hysnap" does not exist or is not a file/);
  });

  it('rejects bad memory values with precise messages', () => {
    assert.equal(err({ program: 'hello.elf', memory: 'lots' }), 'HyperStep: "memory" must be a size like 128, "256M" or "1G" (got "lots")');
    assert.equal(err({ program: 'hello.elf', memory: 1.5 }), 'HyperStep: "memory" must be a size like 128, "256M" or "1G" (got 1.5)');
    assert.equal(err({ program: 'hello.elf', memory: '4G' }), 'HyperStep: "memory" must be between 1 MiB and 4095 MiB (got "4G")');
    assert.equal(err({ program: 'hello.elf', memory: 0 }), 'HyperStep: "memory" must be between 1 MiB and 4095 MiB (got 0)');
  });

  it('checks machine, harts, stopOnEntry, maxInsns, uartTerminal and request', () => {
    assert.equal(err({ program: 'hello.elf', machine: 'sifive_u' }), 'HyperStep: "machine" must be "virt" or "spike" (got "sifive_u")');
    assert.equal(err({ program: 'hello.elf', harts: 9 }), 'HyperStep: "harts" must be an integer from 1 to 8 (got 9)');
    assert.equal(err({ program: 'hello.elf', harts: '2' }), 'HyperStep: "harts" must be an integer from 1 to 8 (got "2")');
    assert.equal(err({ program: 'hello.elf', stopOnEntry: 'yes' }), 'HyperStep: "stopOnEntry" must be true or false (got "yes")');
    assert.equal(err({ program: 'hello.elf', uartTerminal: 1 }), 'HyperStep: "uartTerminal" must be true or false (got 1)');
    assert.equal(err({ program: 'hello.elf', numberFormat: 'octal' }), 'HyperStep: "numberFormat" must be "hex" or "decimal" (got "octal")');
    assert.equal(err({ program: 'hello.elf', numberFormat: 16 }), 'HyperStep: "numberFormat" must be "hex" or "decimal" (got 16)');
    assert.equal(err({ program: 'hello.elf', maxInsns: 0 }), 'HyperStep: "maxInsns" must be a positive integer (got 0)');
    assert.equal(err({ program: 'hello.elf', request: 'attach' }), 'HyperStep: only "request": "launch" is supported (got "attach")');
  });

  it('reports missing or unusable paths', () => {
    assert.equal(err({}), 'HyperStep: set "program" in launch.json to the path of a RISC-V ELF64 executable (or "bios" and "kernel")');
    assert.equal(err({ program: '' }), 'HyperStep: "program" must be the path of a RISC-V ELF64 executable or an assembly source (.s) (got "")');
    assert.equal(err({ program: 'missing.elf' }), 'HyperStep: program "/ws/missing.elf" does not exist or is not a file');
    assert.equal(err({ program: 'hello.elf', symbols: 'fw.elf' }), 'HyperStep: "symbols" must be an array of ELF file paths (got "fw.elf")');
    assert.equal(err({ program: 'hello.elf', symbols: ['fw.elf', 'nope.elf'] }), 'HyperStep: symbols[1] "/ws/nope.elf" does not exist or is not a file');
    assert.equal(err({ program: 'hello.elf', cwd: 3 }), 'HyperStep: "cwd" must be a directory path (got 3)');
    assert.equal(err({ bios: 'none' }), 'HyperStep: set "program" in launch.json to the path of a RISC-V ELF64 executable (or "bios" and "kernel")');
    assert.equal(err({ bios: 'fw.elf', kernel: 'kernel.elf', program: 'hello.elf' }),
      'HyperStep: give either "program" or "kernel", not both (add more ELF files to "symbols")');
  });
});

describe('launchArgs: firmware and kernel', () => {
  it('bios + kernel: the kernel is the program, the firmware boots it', () => {
    const spec = ok({ bios: '/opt/fw/fw_jump.elf', kernel: 'kernel.elf', symbols: ['/opt/fw/fw_jump.elf'] });
    assert.equal(spec.program, '/ws/kernel.elf');
    assert.equal(spec.bios, '/opt/fw/fw_jump.elf');
    assert.equal(spec.kernel, '/ws/kernel.elf');
    assert.deepEqual(spec.symbols, ['/opt/fw/fw_jump.elf']);
    assert.deepEqual(bootImages(spec), { firmware: '/opt/fw/fw_jump.elf', kernel: '/ws/kernel.elf' });
  });

  it('bios + program is shorthand for bios + kernel', () => {
    const spec = ok({ bios: 'fw.elf', program: 'kernel.elf' });
    assert.equal(spec.kernel, '/ws/kernel.elf');
    assert.deepEqual(bootImages(spec), { firmware: '/ws/fw.elf', kernel: '/ws/kernel.elf' });
  });

  it('bios alone runs the firmware', () => {
    const spec = ok({ bios: 'fw.elf' });
    assert.equal(spec.program, '/ws/fw.elf');
    assert.equal(spec.kernel, undefined);
    assert.deepEqual(bootImages(spec), { firmware: '/ws/fw.elf' });
  });

  it('bios none runs the kernel (or program) in M-mode', () => {
    assert.deepEqual(bootImages(ok({ bios: 'none', kernel: 'kernel.bin' })), { firmware: '/ws/kernel.bin' });
    assert.deepEqual(bootImages(ok({ bios: 'none', program: 'hello.elf' })), { firmware: '/ws/hello.elf' });
    assert.deepEqual(bootImages(ok({ program: 'hello.elf' })), { firmware: '/ws/hello.elf' });
  });

  it('the same path as program and kernel is accepted', () => {
    assert.equal(ok({ bios: 'fw.elf', program: 'kernel.elf', kernel: '/ws/kernel.elf' }).kernel, '/ws/kernel.elf');
  });

  it('bios must exist unless it is "none"', () => {
    assert.equal(err({ bios: 'nofw.elf', kernel: 'kernel.elf' }), 'HyperStep: bios "/ws/nofw.elf" does not exist or is not a file');
  });
});

describe('launchArgs: programDirectory', () => {
  it('is the directory of an absolute program, else the fallback', () => {
    assert.equal(programDirectory({ program: '/ws/sub/extra.elf' }, '/cwd'), '/ws/sub');
    assert.equal(programDirectory({ kernel: '/ws/kernel.elf' }, '/cwd'), '/ws');
    assert.equal(programDirectory({ program: 'hello.elf' }, '/cwd'), '/cwd');
  });
});

describe('launchArgs: initrd, rngSeed and linux', () => {
  it('initrd resolves like kernel and needs a kernel', () => {
    FILES.add('/ws/rd.cpio');
    const spec = ok({ bios: '/opt/fw/fw_jump.elf', kernel: 'kernel.bin', initrd: 'rd.cpio' });
    assert.equal(spec.initrd, '/ws/rd.cpio');
    assert.equal(err({ bios: 'fw.elf', kernel: 'kernel.bin', initrd: 'nord.cpio' }), 'HyperStep: initrd "/ws/nord.cpio" does not exist or is not a file');
    assert.match(err({ program: 'hello.elf', initrd: 'rd.cpio' }), /"initrd" needs a kernel/);
    assert.match(err({ bios: 'fw.elf', kernel: 'kernel.bin', initrd: 5 }), /"initrd" must be the path of/);
  });

  it('rngSeed is 1 to 64 bytes of hex', () => {
    assert.deepEqual(ok({ program: 'hello.elf', rngSeed: '0x01_ff' }).rngSeed, new Uint8Array([1, 0xff]));
    assert.deepEqual(ok({ program: 'hello.elf', rngSeed: 'abc' }).rngSeed, new Uint8Array([0x0a, 0xbc]));
    assert.equal(ok({ program: 'hello.elf', rngSeed: 'ab'.repeat(64) }).rngSeed?.length, 64);
    assert.match(err({ program: 'hello.elf', rngSeed: 'xyz' }), /^HyperStep: "rngSeed": rng seed must be hexadecimal/);
    assert.match(err({ program: 'hello.elf', rngSeed: '' }), /"rngSeed"/);
    assert.match(err({ program: 'hello.elf', rngSeed: 'ab'.repeat(65) }), /"rngSeed": rng seed is longer than 64 bytes/);
    assert.match(err({ program: 'hello.elf', rngSeed: 42 }), /"rngSeed" must be a string of hex digits/);
  });

  it('linux: defaults (512 MiB, run at once), script and modules; no program until resolved', () => {
    assert.deepEqual(ok({ debianLinux: true }), {
      program: '', machine: 'virt', memoryMiB: 512, harts: 1, stopOnEntry: false, symbols: [], cwd: '/ws',
      uartTerminal: false, numberFormat: 'decimal', linux: { modules: [] }, timeTravel: { budgetMiB: 512 },
    });
    const spec = ok({ debianLinux: true, linuxScript: 'uname -r', linuxModules: ['virtio_net'], memory: '1G', stopOnEntry: true, rngSeed: '01' });
    assert.deepEqual(spec.linux, { script: 'uname -r', modules: ['virtio_net'] });
    assert.equal(spec.memoryMiB, 1024);
    assert.equal(spec.stopOnEntry, true);
    const booted = withLinuxBoot(spec, { bios: '/fw.elf', kernel: '/k/vmlinux', initrd: '/c/rd.cpio', append: 'console=ttyS0 panic=-1' });
    assert.equal(booted.program, '/k/vmlinux');
    assert.deepEqual(bootImages(booted), { firmware: '/fw.elf', kernel: '/k/vmlinux' });
    assert.equal(booted.initrd, '/c/rd.cpio');
    assert.equal(booted.bootargs, 'console=ttyS0 panic=-1');
    assert.deepEqual(booted.rngSeed, new Uint8Array([1]));
  });

  it('linux: rejects files of its own, other boards and bad script/modules', () => {
    assert.match(err({ debianLinux: true, kernel: 'kernel.bin' }), /leave out "kernel"/);
    assert.match(err({ debianLinux: true, program: 'hello.elf', bios: 'fw.elf' }), /leave out "program", "bios"/);
    assert.match(err({ debianLinux: true, machine: 'spike' }), /virt board only/);
    assert.match(err({ debianLinux: 'yes' }), /"debianLinux" must be true or false/);
    assert.match(err({ debianLinux: true, linuxScript: 3 }), /"linuxScript" must be/);
    assert.match(err({ debianLinux: true, linuxModules: 'virtio_net' }), /"linuxModules" must be an array/);
    assert.match(err({ debianLinux: true, linuxModules: ['../x'] }), /"linuxModules"/);
    assert.match(err({ program: 'hello.elf', linuxScript: 'ls' }), /need "debianLinux": true/);
  });
});

describe('launchArgs: drive and linuxFiles', () => {
  it('drive resolves against cwd like the other files, with firmware or a bare program, and with debianLinux', () => {
    FILES.add('/ws/disk.img');
    FILES.add('/ws/bin/workload');
    assert.equal(ok({ bios: '/opt/fw/fw_jump.elf', kernel: 'kernel.elf', drive: 'disk.img' }).drive, '/ws/disk.img');
    assert.equal(ok({ program: 'hello.elf', drive: '/ws/disk.img' }).drive, '/ws/disk.img');
    assert.equal(ok({ program: '/ws/hello.elf', drive: '../disk.img', cwd: 'bin' }).drive, '/ws/disk.img');
    assert.equal(ok({ debianLinux: true, drive: 'disk.img' }).drive, '/ws/disk.img');
    assert.equal(ok({ program: 'hello.elf' }).drive, undefined);
    assert.equal(ok({ program: 'hello.elf', drive: null }).drive, undefined);
  });

  it('drive: a missing file, a non-path or the spike board fail with one line', () => {
    assert.equal(err({ program: 'hello.elf', drive: 'nodisk.img' }), 'HyperStep: drive "/ws/nodisk.img" does not exist or is not a file');
    assert.equal(err({ program: 'hello.elf', drive: 5 }), 'HyperStep: "drive" must be the path of a raw disk image (got 5)');
    assert.match(err({ program: 'hello.elf', drive: '  ' }), /^HyperStep: "drive" must be the path of a raw disk image/);
    assert.equal(err({ program: 'hello.elf', machine: 'spike', drive: 'disk.img' }), 'HyperStep: "drive" needs the virt board (its virtio-blk device); got "machine": "spike"');
  });

  it('linuxFiles: guest paths to host files, with debianLinux only', () => {
    const spec = ok({ debianLinux: true, linuxFiles: { '/workload': 'bin/workload', '/usr/bin/k': '/ws/kernel.bin' } });
    assert.deepEqual(spec.linux, { modules: [], files: [{ guest: '/workload', host: '/ws/bin/workload' }, { guest: '/usr/bin/k', host: '/ws/kernel.bin' }] });
    assert.deepEqual(ok({ debianLinux: true, linuxFiles: {} }).linux, { modules: [], files: [] });
    assert.match(err({ program: 'hello.elf', linuxFiles: { '/w': 'bin/workload' } }), /"linuxFiles" need "debianLinux": true/);
    assert.match(err({ debianLinux: true, linuxFiles: ['bin/workload'] }), /"linuxFiles" must be an object mapping initramfs paths/);
    assert.match(err({ debianLinux: true, linuxFiles: { workload: 'bin/workload' } }), /"linuxFiles" key "workload" must be an absolute path/);
    assert.match(err({ debianLinux: true, linuxFiles: { '/a/../w': 'bin/workload' } }), /must be an absolute path/);
    assert.match(err({ debianLinux: true, linuxFiles: { '/bin/': 'bin/workload' } }), /must be an absolute path/);
    assert.match(err({ debianLinux: true, linuxFiles: { '/w': 7 } }), /"linuxFiles"\["\/w"\] must be the path of a host file/);
    assert.equal(err({ debianLinux: true, linuxFiles: { '/w': 'nofile' } }), 'HyperStep: linuxFiles["/w"] "/ws/nofile" does not exist or is not a file');
  });
});

describe('launchArgs: gdbServer', () => {
  it('a port (number or string) listens on loopback; HOST:PORT and [IPv6]:PORT are parsed', () => {
    assert.deepEqual(ok({ program: 'hello.elf', gdbServer: 1234 }).gdbServer, { host: '127.0.0.1', port: 1234, remote: false });
    assert.deepEqual(ok({ program: 'hello.elf', gdbServer: 0 }).gdbServer, { host: '127.0.0.1', port: 0, remote: false });
    assert.deepEqual(ok({ program: 'hello.elf', gdbServer: '3333' }).gdbServer, { host: '127.0.0.1', port: 3333, remote: false });
    assert.deepEqual(ok({ program: 'hello.elf', gdbServer: 'localhost:3333' }).gdbServer, { host: 'localhost', port: 3333, remote: false });
    assert.deepEqual(ok({ program: 'hello.elf', gdbServer: '[::1]:3333' }).gdbServer, { host: '::1', port: 3333, remote: false });
    assert.equal(ok({ program: 'hello.elf' }).gdbServer, undefined);
  });

  it('another host only with "gdbServerAllowRemote": true', () => {
    assert.match(err({ program: 'hello.elf', gdbServer: '0.0.0.0:1234' }), /gdbServerAllowRemote/);
    assert.match(err({ program: 'hello.elf', gdbServer: '0.0.0.0:1234', gdbServerAllowRemote: false }), /anyone/);
    assert.deepEqual(ok({ program: 'hello.elf', gdbServer: '0.0.0.0:1234', gdbServerAllowRemote: true }).gdbServer,
      { host: '0.0.0.0', port: 1234, remote: true });
    assert.match(err({ program: 'hello.elf', gdbServer: 1234, gdbServerAllowRemote: 'yes' }), /"gdbServerAllowRemote" must be true or false/);
  });

  it('rejects ports out of range and malformed addresses', () => {
    for (const bad of [-1, 65536, 1.5, '70000', 'host:', ':12', 'a:b:12', true, [1234], '']) {
      assert.match(err({ program: 'hello.elf', gdbServer: bad }), /"gdbServer" must be a port/, JSON.stringify(bad));
    }
  });
});
