/**
 * gdb remote serial protocol framing (gdb manual, appendix E "Remote Serial Protocol",
 * sections E.1 "Overview" and E.11 "Packet Acknowledgment"): packets are `$data#xx`
 * with `xx` the modulo-256 sum of the transmitted data bytes in two hex digits; the
 * receiver acknowledges with `+` (good) or `-` (bad checksum: please resend) until
 * QStartNoAckMode turns acknowledgments off. A lone 0x03 byte outside a packet is an
 * interrupt request (E.10 "Interrupts").
 *
 * Bytes are carried as latin1 strings (one char per byte, 0..255). Binary data in `X`
 * packets and in qXfer replies escapes `#`, `$`, `}` and `*` as `}` followed by the
 * byte XOR 0x20 (E.1, "Binary data"). Replies are never run-length encoded.
 *
 * The reader never throws: garbage outside packets is skipped, a packet longer than
 * MAX_PACKET is discarded and reported as `oversized` once its end arrives, so the
 * stub can answer with an error instead of asking for a resend it would refuse again.
 */

/** Largest packet accepted (payload bytes, after unescaping not counted): announced in
 *  qSupported as PacketSize (hex). */
export const MAX_PACKET = 0x4000;

export type ReaderEvent =
  | { type: 'packet'; data: string }
  | { type: 'badChecksum' }
  | { type: 'oversized' }
  | { type: 'interrupt' }
  | { type: 'ack' }
  | { type: 'nack' };

/** The modulo-256 sum of a latin1 string's bytes. */
export function checksum(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + (s.charCodeAt(i) & 0xff)) & 0xff;
  return sum;
}

/** Escape binary data for a packet body (`}` + byte^0x20 for `#$}*`). */
export function escapeBinary(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c === 0x23 || c === 0x24 || c === 0x7d || c === 0x2a ? '}' + String.fromCharCode(c ^ 0x20) : s[i];
  }
  return out;
}

/** Undo escapeBinary; a trailing lone `}` is dropped. */
export function unescapeBinary(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      if (i + 1 < s.length) out += String.fromCharCode(s.charCodeAt(++i) ^ 0x20);
    } else out += s[i];
  }
  return out;
}

/** A complete packet for a (text) payload. */
export function frame(payload: string): string {
  return `$${payload}#${checksum(payload).toString(16).padStart(2, '0')}`;
}

/** Hex of a latin1/ASCII string (qRcmd, O packets). */
export function toHex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += (s.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  return out;
}

/** The string a hex text encodes; undefined when it is not an even number of hex digits. */
export function fromHex(h: string): string | undefined {
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) return undefined;
  let out = '';
  for (let i = 0; i < h.length; i += 2) out += String.fromCharCode(parseInt(h.slice(i, i + 2), 16));
  return out;
}

/**
 * Incremental packet reader: feed it bytes as they arrive, it returns what they
 * complete. State survives across chunks, so a packet may be split anywhere.
 */
export class PacketReader {
  private state: 'idle' | 'body' | 'sum1' | 'sum2' = 'idle';
  private body = '';
  private sum = '';
  private tooLong = false;

  /** Bytes of a packet in progress (0 when between packets). */
  get pending(): number {
    return this.state === 'idle' ? 0 : this.body.length + 1;
  }

  feed(chunk: Uint8Array | string): ReaderEvent[] {
    const events: ReaderEvent[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = typeof chunk === 'string' ? chunk.charCodeAt(i) & 0xff : chunk[i];
      const ch = String.fromCharCode(c);
      switch (this.state) {
        case 'idle':
          if (ch === '$') { this.state = 'body'; this.body = ''; this.tooLong = false; }
          else if (c === 0x03) events.push({ type: 'interrupt' });
          else if (ch === '+') events.push({ type: 'ack' });
          else if (ch === '-') events.push({ type: 'nack' });
          // Anything else between packets is line noise: skipped.
          break;
        case 'body':
          if (ch === '#') { this.state = 'sum1'; this.sum = ''; }
          else if (ch === '$' && !this.tooLong) { this.body = ''; } // a restart: the previous start was noise
          else if (this.tooLong) { /* discard until '#' */ }
          else if (this.body.length >= MAX_PACKET) { this.tooLong = true; this.body = ''; }
          else this.body += ch;
          break;
        case 'sum1':
          this.sum = ch; this.state = 'sum2';
          break;
        case 'sum2': {
          this.sum += ch;
          this.state = 'idle';
          if (this.tooLong) { events.push({ type: 'oversized' }); this.body = ''; break; }
          const want = /^[0-9a-fA-F]{2}$/.test(this.sum) ? parseInt(this.sum, 16) : -1;
          if (want !== checksum(this.body)) events.push({ type: 'badChecksum' });
          else events.push({ type: 'packet', data: this.body });
          this.body = '';
          break;
        }
      }
    }
    return events;
  }
}
