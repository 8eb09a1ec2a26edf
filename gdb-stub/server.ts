/**
 * The TCP side of the gdb stub: one client at a time on 127.0.0.1 (another host only
 * when asked for explicitly), framing and acknowledgments (packets.ts, gdb manual E.11
 * "Packet Acknowledgment"), interrupts (E.10 "Interrupts": a 0x03 byte while the
 * machine runs pauses it; the stop reply answers the continue that started it).
 *
 * A client that connects finds the machine stopped (a running guest is paused first,
 * as QEMU's stub does). A client that goes away — detach, disconnect, even in the middle
 * of a packet — leaves the machine paused with its state, gdb's breakpoints removed,
 * ready for the next client. Packets that arrive while the machine runs wait until its
 * stop reply was sent (all-stop mode).
 */
import { createServer, type Server, type Socket, type AddressInfo } from 'net';
import { PacketReader, frame, type ReaderEvent } from './packets';
import type { GdbStub } from './stub';

export interface ServerOptions {
  host?: string;
  port: number;
  /** Trace packets (both directions) to this function. */
  log?: (line: string) => void;
}

/** Hosts that only the local machine can reach. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export class GdbServer {
  private server: Server | null = null;
  private client: Socket | null = null;
  private lastReply = '';
  /** Client connects, and disconnects (after the machine was paused). */
  onConnect: () => void = () => undefined;
  onDisconnect: () => void = () => undefined;

  constructor(public stub: GdbStub, private readonly opts: ServerOptions) {}

  /** Serve another stub from now on (a restarted DAP session's new runtime); the
   *  current client, if any, is disconnected. */
  replaceStub(stub: GdbStub): void {
    const c = this.client;
    this.client = null; // its close handler and queued packets see it is gone
    c?.destroy();
    this.stub = stub;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  /** Start listening; resolves with the bound address (port 0 picks a free port). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const srv = createServer((s) => this.accept(s));
      srv.once('error', reject);
      srv.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        srv.off('error', reject);
        this.server = srv;
        resolve(srv.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    this.client?.destroy();
    return new Promise((r) => { if (this.server === null) r(); else this.server.close(() => r()); });
  }

  /** Send a packet to the client (no-op without one). */
  send(payload: string): void {
    this.lastReply = payload;
    this.opts.log?.(`<- ${payload.slice(0, 200)}`);
    this.client?.write(frame(payload), 'latin1');
  }

  private accept(s: Socket): void {
    if (this.client !== null) { s.destroy(); return; } // one client at a time
    this.client = s;
    s.setNoDelay(true);
    const reader = new PacketReader();
    this.stub.reset();
    // Packets wait in this chain: nothing is handled before the machine has stopped.
    // (A run another client of the runtime started, a DAP session, is paused too.)
    let chain: Promise<void> = this.stub.halt(true);
    this.onConnect();
    s.on('data', (chunk: Buffer) => {
      if (this.client !== s) return; // dropped by replaceStub
      for (const ev of reader.feed(chunk)) {
        if (ev.type === 'interrupt') { this.stub.interrupt(); continue; }
        chain = chain.then(() => this.onEvent(s, ev)).catch(() => undefined);
      }
    });
    const gone = (): void => {
      if (this.client !== s) return;
      this.client = null;
      this.stub.interrupt(); // a run in progress stops: its continue is what the chain waits for
      void chain.then(async () => {
        await this.stub.halt();
        this.stub.clearPoints();
        this.onDisconnect();
      });
    };
    s.on('close', gone);
    s.on('error', () => s.destroy());
  }

  private async onEvent(s: Socket, ev: ReaderEvent): Promise<void> {
    if (this.client !== s) return;
    const ack = (c: string): void => { if (!this.stub.noAck) s.write(c); };
    switch (ev.type) {
      case 'ack': return;
      case 'nack': if (!this.stub.noAck && this.lastReply !== '') s.write(frame(this.lastReply), 'latin1'); return;
      case 'badChecksum': ack('-'); return; // please resend (in no-ack mode: dropped)
      case 'oversized': ack('+'); this.send('E01'); return; // too long to ever be accepted: an error, not a resend
      case 'interrupt': return;
      case 'packet': {
        ack('+');
        this.opts.log?.(`-> ${ev.data.slice(0, 200)}`);
        const r = this.stub.handle(ev.data);
        if (r === null) {
          if (ev.data === 'k') s.end();
          return;
        }
        const reply = typeof r === 'string' ? r : await r;
        if (this.client !== s) return;
        this.send(reply);
        if (ev.data === 'D' || ev.data.startsWith('D;')) s.end(); // detach: the machine stays paused
        return;
      }
    }
  }
}
