/**
 * The machine's only source of "randomness": a deterministic PRNG seeded from the
 * user's rng seed (CLI --rng-seed, launch `rngSeed`, or the built-in default), so that
 * two runs with the same inputs see the same bytes (docs/machine.md, "Determinism").
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna), 32-bit words, whose state is four
 * plain numbers in a typed array (a snapshot copies it). The seed bytes are folded into
 * the state with splitmix32-style mixing; an all-zero state is impossible.
 * Streams: the FDT's /chosen/rng-seed and the virtio-rng device draw from separate
 * generators (stream 0 and 1) so one never shifts the other's bytes.
 */

/** The default seed: "HyperStep" in ASCII. */
export const DEFAULT_RNG_SEED = new Uint8Array([0x48, 0x79, 0x70, 0x65, 0x72, 0x53, 0x74, 0x65, 0x70]);

/** Longest seed accepted, in bytes. */
export const MAX_RNG_SEED_BYTES = 64;

/** Parse a seed given as hex digits (optional 0x, even or odd length, 1..128 digits). */
export function parseRngSeed(text: string): Uint8Array {
  const t = text.trim().replace(/^0x/i, '').replace(/_/g, '');
  if (!/^[0-9a-f]+$/i.test(t)) throw new Error(`rng seed must be hexadecimal digits (got '${text}')`);
  if (t.length > 2 * MAX_RNG_SEED_BYTES) throw new Error(`rng seed is longer than ${MAX_RNG_SEED_BYTES} bytes (${2 * MAX_RNG_SEED_BYTES} hex digits)`);
  const even = t.length % 2 === 0 ? t : '0' + t;
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(even.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

export class SeededRng {
  /** Generator state (plain data). */
  readonly s = new Uint32Array(4);

  constructor(seed: Uint8Array = DEFAULT_RNG_SEED, stream = 0) {
    let acc = mix32(0x9e3779b9 ^ stream) ^ seed.length;
    for (let i = 0; i < seed.length; i++) acc = mix32((acc + seed[i] + 0x9e3779b9 * (i + 1)) >>> 0);
    for (let k = 0; k < 4; k++) {
      acc = (acc + 0x9e3779b9) >>> 0;
      this.s[k] = mix32(acc ^ Math.imul(stream + 1, 0x85ebca6b));
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next 32-bit word. */
  next(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }

  /** Fill `out` with bytes. */
  fill(out: Uint8Array): Uint8Array {
    for (let i = 0; i < out.length; i += 4) {
      let w = this.next();
      for (let k = 0; k < 4 && i + k < out.length; k++) { out[i + k] = w & 0xff; w >>>= 8; }
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
