/**
 * Flattened device tree → DTS source text (the Devices view's "HyperStep: Show Device
 * Tree", request `hyperstep.deviceTree`, debug-adapter/devices.ts). Pure: takes an
 * FdtTree from emulator/boards/fdt.ts's readFdt and prints what `dtc -I dtb -O dts`
 * prints for it (style 'dtc': byte for byte; test/extension/dts.test.ts compares the
 * two when dtc is installed; the default style reads better, see DtsStyle):
 * `/dts-v1/;`, the memory reservations, then the nodes, one tab per level, with each
 * property value guessed as dtc does (Devicetree Specification v0.4 ch. 2.2.4 value
 * encodings): a list of NUL-terminated printable strings, else 32-bit cells when the
 * length is a multiple of 4, else bytes. Nodes follow their node's properties, each
 * preceded by a blank line.
 */
import type { FdtNode, FdtTree } from '../emulator/boards/fdt';

/** A byte that may appear in a string value (printable ASCII, the C escapes, NUL). */
function stringByte(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === 0 || (b >= 7 && b <= 13);
}

/** Printing style: `readable` (the default) shows a string list as `"a", "b"` and
 *  takes a value for strings only when none of them is empty (so a cell such as
 *  0x00384000 stays a cell); `dtc` reproduces dtc 1.7's guesses byte for byte
 *  (`"a\0b"`, and `"\08@"` for that cell). */
export type DtsStyle = 'readable' | 'dtc';

/** How a property value is shown. */
export function valueKind(v: Uint8Array, style: DtsStyle = 'readable'): 'empty' | 'strings' | 'cells' | 'bytes' {
  if (v.length === 0) return 'empty';
  let nul = 0;
  let ok = true;
  for (let i = 0; i < v.length; i++) {
    const b = v[i];
    if (!stringByte(b)) ok = false;
    if (b === 0) {
      nul++;
      if (style === 'readable' && (i === 0 || v[i - 1] === 0)) ok = false; // an empty string
    }
  }
  if (ok && v[v.length - 1] === 0 && nul <= v.length - nul) return 'strings';
  return v.length % 4 === 0 ? 'cells' : 'bytes';
}

const ESCAPES: Record<number, string> = { 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

function quote(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (ESCAPES[b] !== undefined) s += ESCAPES[b];
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return s + '"';
}

/** The value part of a property line (after ` = `), or '' for an empty property. */
export function formatValue(v: Uint8Array, style: DtsStyle = 'readable'): string {
  switch (valueKind(v, style)) {
    case 'empty':
      return '';
    case 'strings': {
      if (style === 'dtc') return quote(v.subarray(0, v.length - 1));
      const parts: string[] = [];
      let start = 0;
      for (let i = 0; i < v.length; i++) {
        if (v[i] === 0) { parts.push(quote(v.subarray(start, i))); start = i + 1; }
      }
      return parts.join(', ');
    }
    case 'cells': {
      const dv = new DataView(v.buffer, v.byteOffset, v.length);
      const cells: string[] = [];
      for (let i = 0; i < v.length; i += 4) cells.push('0x' + dv.getUint32(i).toString(16).padStart(2, '0'));
      return `<${cells.join(' ')}>`;
    }
    case 'bytes':
      return `[${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(' ')}]`;
  }
}

function printNode(node: FdtNode, depth: number, out: string[], style: DtsStyle): void {
  const tab = '\t'.repeat(depth);
  out.push(`${tab}${depth === 0 ? '/' : node.name} {`);
  for (const p of node.props) {
    const value = formatValue(p.value, style);
    out.push(value === '' ? `${tab}\t${p.name};` : `${tab}\t${p.name} = ${value};`);
  }
  for (const c of node.children) {
    out.push('');
    printNode(c, depth + 1, out, style);
  }
  out.push(`${tab}};`);
}

const hex16 = (n: number): string => '0x' + n.toString(16).padStart(16, '0');

/** DTS source of a device tree, as `dtc -I dtb -O dts` prints it. */
export function fdtToDts(tree: FdtTree, style: DtsStyle = 'readable'): string {
  const out = ['/dts-v1/;', ''];
  for (const r of tree.reservations) out.push(`/memreserve/\t${hex16(r.address)} ${hex16(r.size)};`);
  printNode(tree.root, 0, out, style);
  return out.join('\n') + '\n';
}
