/**
 * Robustness of the debug adapter against bad input (issue 15, finding 13).
 *
 * - Framing: the library's reader trusts the Content-Length header and stops the
 *   adapter when a body is not JSON. `RobustFramer` replaces it: it finds headers
 *   anywhere in the stream (skipping garbage), treats a missing, negative or absurd
 *   length as garbage, and when a body does not parse it looks for the next header
 *   inside it, so a wrong Content-Length costs at most that one message.
 * - Messages: a body that is not an object with `type: "request"`, a string `command`
 *   and a numeric `seq` is answered with an error when it has a usable seq, and
 *   ignored otherwise; `arguments` that are not an object get an error response.
 * - Bounds: the limits requests are clamped to.
 */

/** Requests are clamped to these sizes (larger ones are answered in part, with a message). */
export const MAX_DISASSEMBLE = 4096;
export const MAX_READ_MEMORY = 1 << 20;
/** A Content-Length above this is taken as garbage. */
const MAX_BODY = 64 << 20;

const HEADER = /Content-Length:[ \t]*(-?\d+)[^\r\n]*\r\n(?:[^\r\n]*\r\n)*?\r\n/;

/** Splits a byte stream into message bodies, resynchronising after bad framing. */
export class RobustFramer {
  private buf = Buffer.alloc(0);
  private want = -1;
  private stall: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onBody: (text: string) => void, private readonly stallMs = 150) {}

  push(data: Buffer): void {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    for (;;) {
      if (this.want < 0) {
        const text = this.buf.toString('latin1'); // byte offsets == char offsets
        const m = HEADER.exec(text);
        if (m === null) {
          // Keep a tail that may hold the start of a header; drop older garbage.
          const keep = Math.max(text.lastIndexOf('Content-Length'), text.length - 64 * 1024);
          if (keep > 0) this.buf = this.buf.subarray(keep);
          return;
        }
        const n = Number(m[1]);
        this.buf = this.buf.subarray(m.index + m[0].length);
        if (!(n >= 0 && n <= MAX_BODY)) continue; // no usable length: look for the next header
        this.want = n;
      }
      if (this.buf.length < this.want) return this.watchStall();
      const body = this.buf.subarray(0, this.want);
      this.buf = this.buf.subarray(this.want);
      this.want = -1;
      this.deliver(body);
    }
  }

  /**
   * Clients write whole messages; a body still incomplete after `stallMs` while another
   * header has arrived means its Content-Length was too large: skip to that header.
   */
  private watchStall(): void {
    if (this.stall !== undefined) clearTimeout(this.stall);
    this.stall = setTimeout(() => {
      this.stall = undefined;
      if (this.want < 0 || this.buf.length >= this.want) return;
      const at = this.buf.indexOf('Content-Length:');
      if (at < 0) return;
      this.buf = this.buf.subarray(at);
      this.want = -1;
      this.push(Buffer.alloc(0));
    }, this.stallMs);
    this.stall.unref?.();
  }

  private deliver(body: Buffer): void {
    const text = body.toString('utf8');
    if (text.trim() === '') return;
    try {
      JSON.parse(text);
      this.onBody(text);
      return;
    } catch {
      // A wrong length swallowed (part of) the next message: resume at its header.
      const all = Buffer.concat([body, this.buf]);
      const at = all.indexOf('Content-Length:', 1);
      if (at > 0) this.buf = all.subarray(at);
    }
  }
}

export type Checked =
  | { ok: true; message: Record<string, unknown> }
  | { ok: false; seq?: number; command: string; error: string };

/** Checks the shape of a parsed DAP message. */
export function checkMessage(msg: unknown): Checked {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    return { ok: false, command: 'unknown', error: `a DAP message must be a JSON object (got ${msg === null ? 'null' : Array.isArray(msg) ? 'an array' : typeof msg})` };
  }
  const m = msg as Record<string, unknown>;
  const seq = typeof m.seq === 'number' && Number.isSafeInteger(m.seq) ? m.seq : undefined;
  const command = typeof m.command === 'string' ? m.command : 'unknown';
  if (m.type === 'response' || m.type === 'event') return { ok: true, message: m };
  if (m.type !== 'request') return { ok: false, seq, command, error: `unknown message type ${JSON.stringify(m.type)}` };
  if (seq === undefined) return { ok: false, command, error: 'a request needs a numeric seq' };
  if (typeof m.command !== 'string') return { ok: false, seq, command, error: 'a request needs a string command' };
  if (m.arguments !== undefined && (m.arguments === null || typeof m.arguments !== 'object' || Array.isArray(m.arguments))) {
    return { ok: false, seq, command, error: `${command}: arguments must be an object` };
  }
  return { ok: true, message: m };
}

/** A non-negative integer from a request field, clamped to `max`; `fallback` when it is not a number. */
export function clampCount(v: unknown, max: number, fallback = 0): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : fallback;
  return Math.min(Math.max(n, 0), max);
}

/** An integer (possibly negative) from a request field, clamped to ±max. */
export function clampInt(v: unknown, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
  return Math.min(Math.max(n, -max), max);
}
