/**
 * The comparison's disk image (guests/compare/README.md): 1 MiB, byte i =
 * (i * 131 + (i >> 9) * 7 + 11) & 0xff. Every mode gets a fresh copy; guest writes stay
 * in the machine's memory, so reruns start from the same bytes.
 */
export const COMPARE_DISK_BYTES = 1 << 20;

export function compareDisk(): Uint8Array {
  const d = new Uint8Array(COMPARE_DISK_BYTES);
  for (let i = 0; i < d.length; i++) d[i] = (i * 131 + (i >> 9) * 7 + 11) & 0xff;
  return d;
}
