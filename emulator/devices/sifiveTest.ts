/**
 * SiFive test finisher ("sifive,test0"/"sifive,test1", QEMU virt at 0x100000).
 *
 * A 32-bit write to offset 0 with status in bits 15:0 and a code in bits 31:16:
 *   0x5555 FINISHER_PASS  -> exit with code 0
 *   0x3333 FINISHER_FAIL  -> exit with code (value >>> 16)
 *   0x7777 FINISHER_RESET -> reset the machine
 * Other values are ignored. Reads return 0. The device only records the request in
 * `halt`; the machine polls it after each block (or after any MMIO store) and acts.
 * The device tree's syscon-poweroff/syscon-reboot nodes point at this register.
 */
import type { Device } from '../bus/device';

export const FINISHER_FAIL = 0x3333;
export const FINISHER_PASS = 0x5555;
export const FINISHER_RESET = 0x7777;

export interface HaltRequest {
  kind: 'exit' | 'reset';
  code: number;
}

export class SifiveTest implements Device {
  readonly name: string;
  /** Pending halt request, or null. The machine clears it once handled. */
  halt: HaltRequest | null = null;

  constructor(name = 'test') {
    this.name = name;
  }

  read(_offset: number, _size: 1 | 2 | 4): number {
    return 0;
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (offset !== 0 || size === 1) return;
    const status = value & 0xffff;
    const code = size === 4 ? value >>> 16 : 0;
    if (status === FINISHER_PASS) this.halt = { kind: 'exit', code: 0 };
    else if (status === FINISHER_FAIL) this.halt = { kind: 'exit', code };
    else if (status === FINISHER_RESET) this.halt = { kind: 'reset', code: 0 };
  }
}
