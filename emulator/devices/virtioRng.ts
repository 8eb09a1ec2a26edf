/**
 * virtio entropy device (device ID 4) on the virtio-mmio transport.
 *
 * Virtio spec v1.2 5.4 "Entropy Device": one request queue (5.4.2), no feature bits
 * (5.4.3), no configuration space (5.4.4). The driver posts device-writable buffers;
 * the device fills them and returns the number of bytes written (5.4.6). The bytes come
 * from a SeededRng, never from the host, so a run is reproducible from its seed.
 */
import type { DmaMemory, IrqSink } from '../bus/device';
import { type Segment, VirtioMmioDevice } from './virtioMmio';
import { SeededRng } from './seededRng';

export const VIRTIO_ID_ENTROPY = 4;
export const VIRTIO_RNG_QUEUE_SIZE = 64;
/** At most this many bytes per request (Linux asks for 64 or a page at a time). */
const MAX_REQUEST_BYTES = 64 * 1024;

export class VirtioRng extends VirtioMmioDevice {
  /** Generator state (plain data: a snapshot copies it). */
  readonly rng: SeededRng;
  /** Bytes handed to the guest so far (statistics). */
  bytesServed = 0;

  constructor(seed: Uint8Array, dma: DmaMemory, irq: IrqSink | null, irqLine: number, name = 'virtio-rng') {
    super(name, VIRTIO_ID_ENTROPY, 1, VIRTIO_RNG_QUEUE_SIZE, dma, irq, irqLine);
    this.rng = new SeededRng(seed, 1);
  }

  protected readConfig(): number {
    return 0;
  }

  protected writeConfig(): void {
    // No configuration space.
  }

  protected handleChain(_q: number, _readable: Segment[], writable: Segment[]): number {
    let wlen = 0;
    for (const s of writable) wlen += s.len;
    const n = Math.min(wlen, MAX_REQUEST_BYTES);
    if (n === 0) return 0;
    const bytes = this.rng.fill(new Uint8Array(n));
    this.scatter(writable, 0, bytes);
    this.bytesServed += n;
    return n;
  }
}
