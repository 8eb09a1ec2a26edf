/** Tests for the NS16550A UART (emulator/devices/uart16550.ts). */
import { strict as assert } from 'assert';
import { Uart16550 } from '../../emulator/devices/uart16550';
import { FakeConsole, FakeIrq } from './fakes';

const RBR = 0, THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

function setup(): { u: Uart16550; con: FakeConsole; irq: FakeIrq } {
  const con = new FakeConsole();
  const irq = new FakeIrq();
  return { u: new Uart16550(con, irq, 10), con, irq };
}

describe('devices/uart16550', () => {
  it('transmits THR writes to the console and reports THRE/TEMT', () => {
    const { u, con } = setup();
    for (const c of 'hi\n') u.write(THR, 1, c.charCodeAt(0));
    assert.equal(con.text(), 'hi\n');
    assert.equal(u.read(LSR, 1) & 0x60, 0x60);
    assert.equal(u.read(LSR, 1) & 1, 0);
  });

  it('uses DLAB to select the divisor latch', () => {
    const { u, con } = setup();
    u.write(LCR, 1, 0x83);
    u.write(0, 1, 0x01);
    u.write(1, 1, 0x02);
    assert.equal(u.read(0, 1), 0x01);
    assert.equal(u.read(1, 1), 0x02);
    assert.equal(con.bytes.length, 0);
    u.write(LCR, 1, 0x03);
    assert.equal(u.read(IER, 1), 0);
    assert.equal(u.read(LCR, 1), 0x03);
    u.write(SCR, 1, 0x5a);
    assert.equal(u.read(SCR, 1), 0x5a);
  });

  it('receives through the FIFO with DR and RX interrupts', () => {
    const { u, irq } = setup();
    u.write(FCR, 1, 0x07); // enable + clear, trigger 1
    assert.equal(u.read(IIR, 1), 0xc1); // FIFO on, no interrupt
    u.write(IER, 1, 0x01);
    assert.equal(irq.level(10), false);
    assert.ok(u.pushRx(0x41));
    assert.ok(u.pushRx(0x42));
    assert.equal(irq.level(10), true);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x04);
    assert.equal(u.read(LSR, 1) & 1, 1);
    assert.equal(u.read(RBR, 1), 0x41);
    assert.equal(u.read(RBR, 1), 0x42);
    assert.equal(u.read(LSR, 1) & 1, 0);
    assert.equal(irq.level(10), false);
  });

  it('reports character timeout below the trigger level', () => {
    const { u } = setup();
    u.write(FCR, 1, 0xc1); // trigger 14
    u.write(IER, 1, 0x01);
    u.pushRx(1);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x0c);
  });

  it('flags overrun when the FIFO is full', () => {
    const { u, irq } = setup();
    u.write(FCR, 1, 0x01);
    for (let i = 0; i < 16; i++) assert.ok(u.pushRx(i));
    assert.equal(u.rxSpace(), 0);
    assert.equal(u.pushRx(99), false); // refused, no overrun
    assert.equal(u.read(LSR, 1) & 0x02, 0);
    assert.equal(u.pushRx(99, true), false); // dropped
    u.write(IER, 1, 0x04);
    assert.equal(irq.level(10), true);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x06);
    assert.equal(u.read(LSR, 1) & 0x03, 0x03);
    assert.equal(u.read(LSR, 1) & 0x02, 0); // cleared by reading
    assert.equal(irq.level(10), false);
  });

  it('raises THR-empty on enable, clears it by reading IIR, re-raises after a write', () => {
    const { u, irq } = setup();
    u.write(IER, 1, 0x02);
    assert.equal(irq.level(10), true);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x02);
    assert.equal(irq.level(10), false);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x01);
    u.write(THR, 1, 0x30);
    assert.equal(irq.level(10), true);
  });

  it('prioritises RX data over THR empty', () => {
    const { u } = setup();
    u.write(IER, 1, 0x03);
    u.pushRx(7);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x04);
    u.read(RBR, 1);
    assert.equal(u.read(IIR, 1) & 0x0f, 0x02);
  });

  it('loops transmitted bytes back in loopback mode and mirrors MCR in MSR', () => {
    const { u, con } = setup();
    assert.equal(u.read(MSR, 1) & 0xf0, 0xb0);
    u.write(MCR, 1, 0x10 | 0x03);
    assert.equal(u.read(MSR, 1) & 0xf0, 0x30); // CTS <- RTS, DSR <- DTR
    u.write(THR, 1, 0x55);
    assert.equal(con.bytes.length, 0);
    assert.equal(u.read(RBR, 1), 0x55);
  });
});
