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
import { buildVirtFdt, buildSpikeFdt } from './virtFdt';

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
  /** Write the reset vector: jump to `entry` with a1 = FDT; returns the FDT address. */
  setupBoot(entry: number, kernelEntry: number): number;
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

  protected abstract deviceTree(): Uint8Array;

  setupBoot(entry: number, kernelEntry: number): number {
    const fdt = this.opts.dtb ?? this.deviceTree();
    const fdtAddr = this.placeFdt(fdt.length);
    this.machine.bus.ram.set(fdt, fdtAddr - this.machine.bus.ramBase);
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
    // QEMU fills the virtio slots from the top: the first -drive lands in the last slot.
    for (let i = 0; i < MM.VIRT_VIRTIO_COUNT; i++) {
      const base = MM.VIRT_VIRTIO + i * MM.VIRT_VIRTIO_STRIDE;
      if (i === MM.VIRT_VIRTIO_COUNT - 1 && this.opts.disk !== undefined) {
        const backend = new MemoryOverlayBackend(this.opts.disk, { writeThrough: this.opts.diskWriteThrough });
        this.disk = new VirtioBlk(backend, m.bus, this.plic, MM.VIRT_VIRTIO_IRQ + i);
        m.bus.map(base, MM.VIRT_VIRTIO_SIZE, this.disk);
      } else {
        m.bus.map(base, MM.VIRT_VIRTIO_SIZE, new VirtioEmptySlot());
      }
    }
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

  protected deviceTree(): Uint8Array {
    const bus = this.machine.bus;
    return buildVirtFdt({
      harts: this.machine.harts.length, ramBase: bus.ramBase, ramSize: bus.ramSize,
      isa: 'rv64imafdc_zicntr_zicsr_zifencei_sstc', mmuType: 'riscv,sv48',
      bootargs: this.opts.bootargs, virtioSlots: MM.VIRT_VIRTIO_COUNT,
    });
  }
}

export class SpikeBoard extends BoardBase {
  readonly name = 'spike' as const;
  protected attachDevices(): void {
    // HTIF only (through tohost/fromhost in RAM).
  }

  protected deviceTree(): Uint8Array {
    const bus = this.machine.bus;
    return buildSpikeFdt({
      harts: this.machine.harts.length, ramBase: bus.ramBase, ramSize: bus.ramSize,
      isa: 'rv64imafdc_zicntr_zicsr_zifencei_sstc', mmuType: 'riscv,sv48', 
    });
  }
}

export function createBoard(name: 'virt' | 'spike', opts: BoardOptions): Board {
  return name === 'spike' ? new SpikeBoard(opts) : new VirtBoard(opts);
}
