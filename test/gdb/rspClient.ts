/**
 * A minimal RSP client for the gdb stub tests: connects over TCP, frames packets,
 * acknowledges replies and collects them, so a test can script a session the way gdb
 * would drive it (acknowledged mode, or no-ack after QStartNoAckMode).
 */
import { connect, type Socket } from 'net';
import { PacketReader, frame } from '../../gdb-stub/packets';
import { DebugRuntime } from '../../emulator/debug/runtime';
import { readFileSync } from 'fs';

export const nodeHost = {
  readFile: (p: string): Uint8Array => new Uint8Array(readFileSync(p)),
  now: (): number => performance.now(),
  yieldToHost: (): Promise<void> => new Promise((r) => setImmediate(r)),
  sleep: (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms)),
};

export function loadRuntime(program: string, harts = 1): DebugRuntime {
  const rt = new DebugRuntime(nodeHost, { program, firmware: program, machine: 'virt', memoryMiB: 64, harts, symbols: [] });
  rt.load();
  return rt;
}

export class RspClient {
  private readonly reader = new PacketReader();
  private readonly replies: string[] = [];
  private waiters: (() => void)[] = [];
  /** Acknowledgment bytes ('+'/'-') received. */
  readonly acks: string[] = [];
  closed = false;
  noAck = false;

  private constructor(readonly sock: Socket) {
    sock.setNoDelay(true); // acks and packets are small separate writes
    sock.on('data', (b: Buffer) => {
      for (const ev of this.reader.feed(b)) {
        if (ev.type === 'packet') {
          this.replies.push(ev.data);
          if (!this.noAck) sock.write('+');
        } else if (ev.type === 'ack') this.acks.push('+');
        else if (ev.type === 'nack') this.acks.push('-');
      }
      this.wake();
    });
    sock.on('close', () => { this.closed = true; this.wake(); });
    sock.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static open(port: number): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RspClient(s)));
      s.once('error', reject);
    });
  }

  /** The next reply packet; rejects after `ms`. */
  async next(ms = 5000): Promise<string> {
    const end = Date.now() + ms;
    while (this.replies.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no reply within ${ms} ms`);
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.waiters.push(() => { clearTimeout(t); r(); }); });
    }
    return this.replies.shift()!;
  }

  /** Whether a reply arrives within `ms` (without taking it). */
  async hasReply(ms: number): Promise<boolean> {
    try { const r = await this.next(ms); this.replies.unshift(r); return true; } catch { return false; }
  }

  send(payload: string): void {
    this.sock.write(frame(payload), 'latin1');
  }

  raw(bytes: string | Uint8Array): void {
    this.sock.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  async ask(payload: string, ms = 5000): Promise<string> {
    this.send(payload);
    return this.next(ms);
  }

  close(): void {
    this.sock.destroy();
  }
}
