/**
 * Boards: which devices exist at which addresses, and how the machine boots.
 *
 * `virt` follows QEMU's virt machine (hw/riscv/virt.c memory map): boot ROM at 0x1000
 * with QEMU's reset vector (a0 = hartid, a1 = FDT address, a2 = fw_dynamic info),
 * SiFive test finisher, goldfish RTC, CLINT-layout ACLINT, PLIC, 16550A UART, eight
 * virtio-mmio slots, RAM at 0x80000000, and a device tree generated from those devices.
 * `spike` has RAM at 0x80000000, a CLINT and HTIF (through the ELF's tohost symbol).
 * HTIF works on both boards whenever the program has a `tohost` symbol.
 */
import type { Machine, HaltReason } from '../machine';
import type { ConsoleSink } from '../bus/device';
import * as MM from '../bus/memoryMap';
import { Rom } from '../devices/rom';
import { Aclint } from '../devices/aclint';
import { Plic } from '../devices/plic';
import { Uart16550 } from '../devices/uart16550';
import { SifiveTest } from '../devices/sifiveTest';
import { GoldfishRtc } from '../devices/goldfishRtc';
import { VirtioBlk, VirtioEmptySlot, MemoryOverlayBackend } from '../devices/virtioBlk';
import { Htif } from '../devices/htif';
import { VirtioRng } from '../devices/virtioRng';
import { DEFAULT_RNG_SEED, SeededRng } from '../devices/seededRng';
import { buildVirtFdt, buildSpikeFdt } from './virtFdt';
import { CBO_BLOCK_SIZE, HART_EXTENSIONS, HART_MMU_TYPE, isaString } from '../hart/extensions';

export interface BoardOptions {
  harts: number;
  ramSize: number;
  console: ConsoleSink;
  /** Disk image for the first virtio slot (virt only). */
  disk?: Uint8Array;
  /** Called for each guest write when the user asked for write-through. */
  diskWriteThrough?: (offset: number, data: Uint8Array) => void;
  bootargs?: string;
  /** Use this device tree blob instead of generating one. */
  dtb?: Uint8Array;
  /** Initial ramdisk, placed as QEMU places it (initrdPlacement) and named in /chosen. */
  initrd?: Uint8Array;
  /** Seed of the machine's PRNG: /chosen/rng-seed and virtio-rng (default DEFAULT_RNG_SEED). */
  rngSeed?: Uint8Array;
  /** A virtio-rng device in the next free virtio slot (virt only; default true). */
  virtioRng?: boolean;
}

/** An initrd that cannot be placed (empty, beyond the device tree, over the kernel or
 *  firmware). Callers prefix the file name. */
export class InitrdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InitrdError';
  }
}

/** Bytes of /chosen/rng-seed (as QEMU 7.2: 32 bytes, enough to initialise Linux's crng). */
export const FDT_RNG_SEED_BYTES = 32;

/**
 * Where the initrd goes, as QEMU 7.2's riscv_load_initrd: kernel entry + min(RAM / 2,
 * 128 MiB) (checked with `-M virt,dumpdtb` for 128, 256 and 512 MiB). Throws a one-line
 * Error when it does not fit below the device tree.
 */
export function initrdPlacement(ramBase: number, ramSize: number, kernelEntry: number, size: number, fdtAddr: number): { start: number; end: number } {
  if (size === 0) throw new InitrdError('initrd is empty');
  const entry = kernelEntry !== 0 ? kernelEntry : ramBase + 0x200000;
  const start = entry + Math.min(Math.floor(ramSize / 2), 128 * 1024 * 1024);
  const end = start + size;
  if (end > fdtAddr) {
    const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;
    throw new InitrdError(`initrd (${mib(size)} at 0x${start.toString(16)}) does not fit below the device tree at 0x${fdtAddr.toString(16)}: give the machine more RAM (${mib(ramSize)} now)`);
  }
  return { start, end };
}

export interface Board {
  readonly name: 'virt' | 'spike';
  readonly htif: Htif;
  readonly uart: Uart16550 | null;
  attach(m: Machine): void;
  /** Earliest device timer event, in mtime ticks (Infinity if none). */
  nextEvent(): number;
  /** Re-evaluate time-driven device state (MTIP, RTC alarm). */
  updateTime(): void;
  pollHalt(): HaltReason | null;
  /** Ticks the guest added to mtime by writing the timer's MTIME register. */
  mtimeOffset(): number;
  /** Queue one byte of host console input; false when the receiver is full. */
  pushInput(byte: number): boolean;
  /** Write the reset vector: jump to `entry` with a1 = FDT; returns the FDT address.
   *  Also places the initrd (BoardOptions.initrd); throws a one-line Error when it does not fit. */
  setupBoot(entry: number, kernelEntry: number): number;
  /** Where setupBoot put the initrd, [start, end). */
  readonly initrdRange: { start: number; end: number } | undefined;
}

/** QEMU's RV64 reset vector (hw/riscv/boot.c), 10 words incl. start and FDT addresses. */
const RESET_VEC = [0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067];
const FW_DYNAMIC_MAGIC = 0x4942534f; // "OSBI"

abstract class BoardBase implements Board {
  abstract readonly name: 'virt' | 'spike';
  readonly htif: Htif;
  uart: Uart16550 | null = null;
  protected machine!: Machine;
  protected aclint!: Aclint;
  protected readonly rom = new Rom('mrom', MM.VIRT_MROM_SIZE);

  constructor(protected readonly opts: BoardOptions) {
    this.htif = new Htif(opts.console, null);
  }

  attach(m: Machine): void {
    this.machine = m;
    this.htif.dma = m.bus;
    m.bus.map(MM.VIRT_MROM, MM.VIRT_MROM_SIZE, this.rom);
    const lines = m.harts.map((_, i) => m.lines(i));
    this.aclint = new Aclint(m.harts.length, m, lines);
    m.bus.map(MM.VIRT_CLINT, MM.VIRT_CLINT_SIZE, this.aclint);
    this.attachDevices(m);
  }

  protected abstract attachDevices(m: Machine): void;

  nextEvent(): number {
    return this.aclint.nextEvent();
  }

  updateTime(): void {
    this.aclint.update();
  }

  pollHalt(): HaltReason | null {
    return null;
  }

  mtimeOffset(): number {
    return this.aclint.offset;
  }

  pushInput(byte: number): boolean {
    this.htif.pushRx(byte);
    return true;
  }

  /** FDT placement as QEMU: 2 MiB-aligned below min(RAM end, 3 GiB). */
  protected placeFdt(size: number): number {
    const bus = this.machine.bus;
    const end = Math.min(bus.ramBase + bus.ramSize, 3 * 1024 * 1024 * 1024);
    const top = bus.ramBase < 3 * 1024 * 1024 * 1024 ? end : bus.ramBase + bus.ramSize;
    return Math.floor((top - size) / (2 * 1024 * 1024)) * 2 * 1024 * 1024;
  }

  protected abstract deviceTree(initrd?: { start: number; end: number }): Uint8Array;

  /** Initrd range once placed by setupBoot. */
  initrdRange: { start: number; end: number } | undefined;

  /** The 32 bytes of /chosen/rng-seed, from the machine's seed (stream 0). */
  protected fdtRngSeed(): Uint8Array {
    return new SeededRng(this.opts.rngSeed ?? DEFAULT_RNG_SEED, 0).fill(new Uint8Array(FDT_RNG_SEED_BYTES));
  }

  setupBoot(entry: number, kernelEntry: number): number {
    const bus = this.machine.bus;
    let fdt: Uint8Array;
    let fdtAddr: number;
    const rd = this.opts.initrd;
    if (rd !== undefined && this.opts.dtb === undefined) {
      // The FDT size does not depend on the initrd's address (fixed-size cells).
      const probe = this.deviceTree({ start: 0, end: 0 });
      fdtAddr = this.placeFdt(probe.length);
      this.initrdRange = initrdPlacement(bus.ramBase, bus.ramSize, kernelEntry, rd.length, fdtAddr);
      fdt = this.deviceTree(this.initrdRange);
    } else {
      fdt = this.opts.dtb ?? this.deviceTree();
      fdtAddr = this.placeFdt(fdt.length);
      if (rd !== undefined) this.initrdRange = initrdPlacement(bus.ramBase, bus.ramSize, kernelEntry, rd.length, fdtAddr);
    }
    if (rd !== undefined && this.initrdRange !== undefined) bus.ram.set(rd, this.initrdRange.start - bus.ramBase);
    bus.ram.set(fdt, fdtAddr - bus.ramBase);
    RESET_VEC.forEach((w, i) => this.rom.setWord(4 * i, w));
    this.rom.setDword(24, entry < 0 ? entry + 2 ** 64 : entry);
    this.rom.setDword(32, fdtAddr);
    // struct fw_dynamic_info (OpenSBI): magic, version, next_addr, next_mode, options, boot_hart.
    this.rom.setDword(40, FW_DYNAMIC_MAGIC);
    this.rom.setDword(48, 2);
    this.rom.setDword(56, kernelEntry);
    this.rom.setDword(64, 1);
    this.rom.setDword(72, 0);
    this.rom.setDword(80, 0);
    for (const h of this.machine.harts) h.reset(MM.VIRT_MROM);
    return fdtAddr;
  }
}

export class VirtBoard extends BoardBase {
  readonly name = 'virt' as const;
  private test!: SifiveTest;
  private rtc!: GoldfishRtc;
  plic!: Plic;
  disk: VirtioBlk | null = null;
  rng: VirtioRng | null = null;

  protected attachDevices(m: Machine): void {
    const lines = m.harts.map((_, i) => m.lines(i));
    this.plic = new Plic(m.harts.length, lines, MM.VIRT_PLIC_NDEV, MM.VIRT_PLIC_MAX_PRIORITY);
    m.bus.map(MM.VIRT_PLIC, MM.VIRT_PLIC_SIZE, this.plic);
    this.uart = new Uart16550(this.opts.console, this.plic, MM.VIRT_UART0_IRQ);
    m.bus.map(MM.VIRT_UART0, MM.VIRT_UART0_SIZE, this.uart);
    this.test = new SifiveTest();
    m.bus.map(MM.VIRT_TEST, MM.VIRT_TEST_SIZE, this.test);
    this.rtc = new GoldfishRtc(m, this.plic, MM.VIRT_RTC_IRQ);
    m.bus.map(MM.VIRT_RTC, MM.VIRT_RTC_SIZE, this.rtc);
    // QEMU fills the virtio slots from the top in command-line order: the disk (-drive)
    // lands in the last slot, the entropy device (-device virtio-rng-device) below it.
    let slot = MM.VIRT_VIRTIO_COUNT - 1;
    const free = new Set<number>(Array.from({ length: MM.VIRT_VIRTIO_COUNT }, (_, i) => i));
    if (this.opts.disk !== undefined) {
      const backend = new MemoryOverlayBackend(this.opts.disk, { writeThrough: this.opts.diskWriteThrough });
      this.disk = new VirtioBlk(backend, m.bus, this.plic, MM.VIRT_VIRTIO_IRQ + slot);
      m.bus.map(MM.VIRT_VIRTIO + slot * MM.VIRT_VIRTIO_STRIDE, MM.VIRT_VIRTIO_SIZE, this.disk);
      free.delete(slot--);
    }
    if (this.opts.virtioRng ?? true) {
      this.rng = new VirtioRng(this.opts.rngSeed ?? DEFAULT_RNG_SEED, m.bus, this.plic, MM.VIRT_VIRTIO_IRQ + slot);
      m.bus.map(MM.VIRT_VIRTIO + slot * MM.VIRT_VIRTIO_STRIDE, MM.VIRT_VIRTIO_SIZE, this.rng);
      free.delete(slot--);
    }
    for (const i of free) m.bus.map(MM.VIRT_VIRTIO + i * MM.VIRT_VIRTIO_STRIDE, MM.VIRT_VIRTIO_SIZE, new VirtioEmptySlot());
  }

  override nextEvent(): number {
    return Math.min(super.nextEvent(), this.rtc.nextEvent());
  }

  override updateTime(): void {
    super.updateTime();
    this.rtc.update();
  }

  override pollHalt(): HaltReason | null {
    const h = this.test.halt;
    if (h === null) return null;
    this.test.halt = null;
    return { kind: h.kind, code: h.code };
  }

  override pushInput(byte: number): boolean {
    return this.uart!.pushRx(byte);
  }

  protected deviceTree(initrd?: { start: number; end: number }): Uint8Array {
    const bus = this.machine.bus;
    return buildVirtFdt({
      harts: this.machine.harts.length, ramBase: bus.ramBase, ramSize: bus.ramSize,
      isa: isaString(), isaExtensions: HART_EXTENSIONS, mmuType: HART_MMU_TYPE, cboBlockSize: CBO_BLOCK_SIZE,
      bootargs: this.opts.bootargs, virtioSlots: MM.VIRT_VIRTIO_COUNT, initrd,
      rngSeed: this.fdtRngSeed(),
    });
  }
}

export class SpikeBoard extends BoardBase {
  readonly name = 'spike' as const;
  protected attachDevices(): void {
    // HTIF only (through tohost/fromhost in RAM).
  }

  protected deviceTree(initrd?: { start: number; end: number }): Uint8Array {
    const bus = this.machine.bus;
    return buildSpikeFdt({
      harts: this.machine.harts.length, ramBase: bus.ramBase, ramSize: bus.ramSize,
      isa: isaString(), isaExtensions: HART_EXTENSIONS, mmuType: HART_MMU_TYPE, cboBlockSize: CBO_BLOCK_SIZE, initrd,
      rngSeed: this.fdtRngSeed(),
    });
  }
}

export function createBoard(name: 'virt' | 'spike', opts: BoardOptions): Board {
  return name === 'spike' ? new SpikeBoard(opts) : new VirtBoard(opts);
}
