/**
 * NS16550A UART (the `ns16550a` serial port of QEMU virt at 0x10000000, IRQ 10).
 *
 * Register set per the National Semiconductor PC16550D datasheet, "Register Summary"
 * (byte registers, reg-shift 0): RBR/THR/DLL (0), IER/DLM (1), IIR/FCR (2), LCR (3),
 * MCR (4), LSR (5), MSR (6), SCR (7); DLAB = LCR bit 7 selects the divisor latch.
 *
 * Model choices:
 * - Transmission is instantaneous: a THR write goes straight to the ConsoleSink (or, in
 *   MCR loopback mode, into the receive FIFO), so THRE/TEMT always read 1.
 * - Receive FIFO of 16 bytes fed by pushRx(); a full receiver refuses the byte (the host
 *   retries later) unless pushRx is asked to drop it, which sets LSR.OE.
 * - There is no notion of character time, so "character timeout" (IIR 0xC) is reported
 *   whenever the FIFO holds data below the trigger level; at/above it IIR reads 0x4.
 * - Interrupt priorities (IIR, datasheet table "Interrupt Control Functions"):
 *   line status (0x6) > RX data / timeout (0x4 / 0xC) > THR empty (0x2) > modem (0x0).
 * - The IRQ output is the "interrupt pending" state (IIR bit 0 == 0); MCR.OUT2 does not
 *   gate it (as in QEMU).
 */
import type { ConsoleSink, Device, IrqSink } from '../bus/device';

export const UART_FIFO_SIZE = 16;

// IER bits
const IER_ERBFI = 0x01; // received data available
const IER_ETBEI = 0x02; // THR empty
const IER_ELSI = 0x04; // receiver line status
const IER_EDSSI = 0x08; // modem status
// LSR bits
const LSR_DR = 0x01;
const LSR_OE = 0x02;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
// MCR bits
const MCR_LOOP = 0x10;
// IIR values
const IIR_NONE = 0x01;
const IIR_RLS = 0x06;
const IIR_RDA = 0x04;
const IIR_CTI = 0x0c;
const IIR_THRE = 0x02;
const IIR_MSI = 0x00;
const IIR_FIFO_ON = 0xc0;

const RX_TRIGGER = [1, 4, 8, 14];

export class Uart16550 implements Device {
  readonly name: string;
  // Wiring (references, not state).
  console: ConsoleSink;
  irq: IrqSink | null;
  readonly irqLine: number;

  // Registers.
  ier = 0;
  lcr = 0;
  mcr = 0;
  scr = 0;
  dll = 0x0c; // 9600 baud at 1.8432 MHz, a conventional reset-free default
  dlm = 0;
  fcr = 0; // last written FCR (bits 0, 6, 7 are remembered)
  overrun = false;
  /** THR-empty interrupt pending (cleared by reading IIR when it is the reported source). */
  thrPending = false;
  /** Modem-status delta bits (MSR 3:0) pending. */
  msrDelta = 0;
  /** Receive FIFO (ring buffer). */
  rxBuf = new Uint8Array(UART_FIFO_SIZE);
  rxHead = 0;
  rxCount = 0;
  /** Current level of the IRQ output, to report only changes. */
  irqLevel = false;
  /** Single-byte scratch buffer for ConsoleSink writes. */
  private readonly txByte = new Uint8Array(1);

  constructor(console: ConsoleSink, irq: IrqSink | null, irqLine = 10, name = 'uart0') {
    this.name = name;
    this.console = console;
    this.irq = irq;
    this.irqLine = irqLine;
  }

  /** Free space in the receiver (FIFO or single holding register). */
  rxSpace(): number {
    return (this.fifoEnabled() ? UART_FIFO_SIZE : 1) - this.rxCount;
  }

  /**
   * Deliver one received byte. When the receiver is full it returns false: by default
   * nothing changes (host-side flow control: keep the byte and retry later); with
   * `dropIfFull` the byte is lost and LSR.OE is flagged, as on a real line.
   * Capacity is 16 bytes with FIFOs enabled (FCR bit 0), else 1 (16450 mode).
   */
  pushRx(byte: number, dropIfFull = false): boolean {
    const cap = this.fifoEnabled() ? UART_FIFO_SIZE : 1;
    if (this.rxCount >= cap) {
      if (dropIfFull) {
        this.overrun = true;
        this.updateIrq();
      }
      return false;
    }
    this.rxBuf[(this.rxHead + this.rxCount) % UART_FIFO_SIZE] = byte & 0xff;
    this.rxCount++;
    this.updateIrq();
    return true;
  }

  read(offset: number, _size: 1 | 2 | 4): number {
    const dlab = (this.lcr & 0x80) !== 0;
    switch (offset & 7) {
      case 0:
        return dlab ? this.dll : this.popRx();
      case 1:
        return dlab ? this.dlm : this.ier;
      case 2:
        return this.readIir();
      case 3:
        return this.lcr;
      case 4:
        return this.mcr;
      case 5:
        return this.readLsr();
      case 6:
        return this.readMsr();
      default:
        return this.scr;
    }
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    const v = value & 0xff;
    const dlab = (this.lcr & 0x80) !== 0;
    switch (offset & 7) {
      case 0:
        if (dlab) this.dll = v;
        else this.transmit(v);
        break;
      case 1:
        if (dlab) {
          this.dlm = v;
        } else {
          const was = this.ier;
          this.ier = v & 0x0f;
          // Enabling ETBEI while THR is empty raises the THRE interrupt (16550 behaviour).
          if ((this.ier & IER_ETBEI) !== 0 && (was & IER_ETBEI) === 0) this.thrPending = true;
          this.updateIrq();
        }
        break;
      case 2:
        this.writeFcr(v);
        break;
      case 3:
        this.lcr = v;
        break;
      case 4: {
        const before = this.readMsr() & 0xf0;
        this.mcr = v & 0x1f;
        const after = this.computeMsrLines();
        this.noteModemChange(before, after);
        this.updateIrq();
        break;
      }
      case 5: // LSR: writes ignored (factory test only)
      case 6: // MSR: read-only
        break;
      default:
        this.scr = v;
    }
  }

  private fifoEnabled(): boolean {
    return (this.fcr & 1) !== 0;
  }

  private rxTrigger(): number {
    return this.fifoEnabled() ? RX_TRIGGER[(this.fcr >>> 6) & 3] : 1;
  }

  private popRx(): number {
    if (this.rxCount === 0) return 0;
    const b = this.rxBuf[this.rxHead];
    this.rxHead = (this.rxHead + 1) % UART_FIFO_SIZE;
    this.rxCount--;
    this.updateIrq();
    return b;
  }

  private transmit(v: number): void {
    if ((this.mcr & MCR_LOOP) !== 0) {
      this.pushRx(v);
    } else {
      this.txByte[0] = v;
      this.console.write(this.txByte);
    }
    // The byte left THR at once: THR is empty again.
    this.thrPending = true;
    this.updateIrq();
  }

  private writeFcr(v: number): void {
    const enabling = (v & 1) !== 0;
    if (enabling !== this.fifoEnabled() || (v & 0x02) !== 0) {
      // Changing FIFO mode or RX reset clears the receive FIFO.
      this.rxHead = 0;
      this.rxCount = 0;
    }
    this.fcr = v & 0xc1;
    this.updateIrq();
  }

  private readLsr(): number {
    let lsr = LSR_THRE | LSR_TEMT;
    if (this.rxCount > 0) lsr |= LSR_DR;
    if (this.overrun) lsr |= LSR_OE;
    // Reading LSR clears the error bits.
    if (this.overrun) {
      this.overrun = false;
      this.updateIrq();
    }
    return lsr;
  }

  /** MSR bits 7:4 (DCD, RI, DSR, CTS) from MCR in loopback mode, else a connected line. */
  private computeMsrLines(): number {
    if ((this.mcr & MCR_LOOP) !== 0) {
      const m = this.mcr;
      return (((m >>> 1) & 1) << 4) | ((m & 1) << 5) | (((m >>> 2) & 1) << 6) | (((m >>> 3) & 1) << 7);
    }
    return 0xb0; // DCD | DSR | CTS
  }

  private noteModemChange(before: number, after: number): void {
    const changed = before ^ after;
    if (changed & 0x10) this.msrDelta |= 0x01; // DCTS
    if (changed & 0x20) this.msrDelta |= 0x02; // DDSR
    if (before & 0x40 && !(after & 0x40)) this.msrDelta |= 0x04; // TERI (trailing edge)
    if (changed & 0x80) this.msrDelta |= 0x08; // DDCD
  }

  private readMsr(): number {
    const v = this.computeMsrLines() | this.msrDelta;
    if (this.msrDelta !== 0) {
      this.msrDelta = 0;
      this.updateIrq();
    }
    return v;
  }

  /** Highest-priority pending interrupt identification (IIR bits 3:0). */
  private pendingIid(): number {
    if ((this.ier & IER_ELSI) !== 0 && this.overrun) return IIR_RLS;
    if ((this.ier & IER_ERBFI) !== 0 && this.rxCount > 0) {
      return this.rxCount >= this.rxTrigger() ? IIR_RDA : IIR_CTI;
    }
    if ((this.ier & IER_ETBEI) !== 0 && this.thrPending) return IIR_THRE;
    if ((this.ier & IER_EDSSI) !== 0 && this.msrDelta !== 0) return IIR_MSI;
    return IIR_NONE;
  }

  private readIir(): number {
    const iid = this.pendingIid();
    if (iid === IIR_THRE) {
      this.thrPending = false;
      this.updateIrq();
    }
    return iid | (this.fifoEnabled() ? IIR_FIFO_ON : 0);
  }

  private updateIrq(): void {
    const level = this.pendingIid() !== IIR_NONE;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      if (this.irq) this.irq.setIrq(this.irqLine, level);
    }
  }
}
