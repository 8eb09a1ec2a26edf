/**
 * Goldfish RTC ("google,goldfish-rtc", QEMU virt at 0x101000, IRQ 11).
 *
 * Registers (Android goldfish virtual hardware, "Goldfish real-time clock"):
 *   0x00 TIME_LOW        R: current time in ns, low word; latches the high word
 *                        W: replace the low word of the current time
 *   0x04 TIME_HIGH       R: high word latched by the last TIME_LOW read
 *                        W: replace the high word of the current time
 *   0x08 ALARM_LOW       W: set alarm low word and arm the alarm   R: alarm low word
 *   0x0c ALARM_HIGH      W: set alarm high word                    R: alarm high word
 *   0x10 IRQ_ENABLED     RW: bit 0 enables the alarm interrupt
 *   0x14 CLEAR_ALARM     W: disarm the alarm
 *   0x18 ALARM_STATUS    R: 1 while the alarm is armed
 *   0x1c CLEAR_INTERRUPT W: lower the interrupt
 *
 * Time is deterministic: ns = epoch (fixed at construction, default 2026-01-01T00:00:00Z)
 * + Clock.mtime() * 100 (10 MHz ticks) + guest adjustment. Never host time.
 * 64-bit nanosecond values exceed 2^53, so they are kept as hi/lo u32 pairs and combined
 * with BigInt only on access (the RTC is accessed rarely).
 */
import type { Clock, Device, IrqSink } from '../bus/device';

/** 2026-01-01T00:00:00Z in seconds since the Unix epoch. */
export const DEFAULT_RTC_EPOCH_SECONDS = 1767225600;
const NS_PER_TICK = 100n;
const MASK32 = 0xffffffffn;
const MASK64 = (1n << 64n) - 1n;

function join(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export class GoldfishRtc implements Device {
  readonly name: string;
  // Wiring.
  clock: Clock;
  irq: IrqSink | null;
  readonly irqLine: number;

  /** Time (ns) corresponding to Clock.mtime() == 0, as a u64 hi/lo pair. */
  baseHi: number;
  baseLo: number;
  /** High word latched by the last TIME_LOW read. */
  timeHighLatch = 0;
  alarmHi = 0;
  alarmLo = 0;
  alarmRunning = false;
  irqEnabled = false;
  irqPending = false;
  irqLevel = false;

  constructor(clock: Clock, irq: IrqSink | null, irqLine = 11, epochSeconds = DEFAULT_RTC_EPOCH_SECONDS, name = 'rtc') {
    this.name = name;
    this.clock = clock;
    this.irq = irq;
    this.irqLine = irqLine;
    const base = (BigInt(Math.floor(epochSeconds)) * 1_000_000_000n) & MASK64;
    this.baseHi = Number(base >> 32n);
    this.baseLo = Number(base & MASK32);
  }

  /** Current RTC time in ns (u64 as bigint). */
  nowNs(): bigint {
    return (join(this.baseHi, this.baseLo) + BigInt(Math.floor(this.clock.mtime())) * NS_PER_TICK) & MASK64;
  }

  read(offset: number, _size: 1 | 2 | 4): number {
    this.update();
    switch (offset & ~3) {
      case 0x00: {
        const now = this.nowNs();
        this.timeHighLatch = Number(now >> 32n);
        return Number(now & MASK32);
      }
      case 0x04:
        return this.timeHighLatch >>> 0;
      case 0x08:
        return this.alarmLo >>> 0;
      case 0x0c:
        return this.alarmHi >>> 0;
      case 0x10:
        return this.irqEnabled ? 1 : 0;
      case 0x18:
        return this.alarmRunning ? 1 : 0;
      default:
        return 0;
    }
  }

  write(offset: number, _size: 1 | 2 | 4, value: number): void {
    const v = value >>> 0;
    switch (offset & ~3) {
      case 0x00:
      case 0x04: {
        const now = this.nowNs();
        const wanted = (offset & ~3) === 0 ? (now & ~MASK32) | BigInt(v) : (now & MASK32) | (BigInt(v) << 32n);
        const base = (join(this.baseHi, this.baseLo) + wanted - now) & MASK64;
        this.baseHi = Number(base >> 32n);
        this.baseLo = Number(base & MASK32);
        break;
      }
      case 0x08:
        this.alarmLo = v;
        this.alarmRunning = true;
        break;
      case 0x0c:
        this.alarmHi = v;
        break;
      case 0x10:
        this.irqEnabled = (v & 1) !== 0;
        break;
      case 0x14:
        this.alarmRunning = false;
        break;
      case 0x1c:
        this.irqPending = false;
        break;
      default:
        return;
    }
    this.update();
  }

  /** Fire the alarm if its time has come and refresh the IRQ line. Call after time advances. */
  update(): void {
    if (this.alarmRunning && this.nowNs() >= join(this.alarmHi, this.alarmLo)) {
      this.alarmRunning = false;
      this.irqPending = true;
    }
    const level = this.irqPending && this.irqEnabled;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      if (this.irq) this.irq.setIrq(this.irqLine, level);
    }
  }

  /** Clock.mtime() value at which the armed alarm fires, or Infinity. */
  nextEvent(): number {
    if (!this.alarmRunning) return Infinity;
    const delta = join(this.alarmHi, this.alarmLo) - join(this.baseHi, this.baseLo);
    if (delta <= 0n) return 0;
    const ticks = (delta + NS_PER_TICK - 1n) / NS_PER_TICK;
    return ticks > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(ticks);
  }
}
