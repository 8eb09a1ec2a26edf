/**
 * Parsing what the user types into "HyperStep: Translate Address" (translationView.ts)
 * into the arguments of the adapter's `hyperstep.translate` request: `0x…` (an address
 * of the context hart 0 runs in), `CONTEXT:0x…` (a guest virtual address, or the
 * hypervisor's/firmware's own), `CONTEXT:gva:0x…`, `CONTEXT:gpa:0x…` and `gpa:0x…`.
 * `hpa:0x…` is refused: a host physical address has nothing left to translate.
 * Pure (no `vscode`): unit-tested by test/extension/translateInput.test.ts.
 */

/** Arguments of `hyperstep.translate` (debug-adapter/hypervisor.ts). */
export interface TranslateArgs {
  /** Hex with 0x, lower case. */
  address: string;
  context?: string;
  stage?: 'gva' | 'gpa';
}

const CONTEXT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `0x…` hex or decimal digits (underscores allowed as separators) as a canonical 0x… string. */
function parseNumber(text: string): string | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return '0x' + BigInt(t).toString(16);
  if (/^\d+$/.test(t)) return '0x' + BigInt(t).toString(16);
  return undefined;
}

/**
 * The request arguments for `text`, or an error message for the input box. Addresses
 * wider than 64 bits are refused.
 */
export function parseTranslateInput(text: string): TranslateArgs | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'Type an address: 0x…, CONTEXT:0x…, CONTEXT:gva:0x… or CONTEXT:gpa:0x…' };
  const parts = t.split(':').map((p) => p.trim());
  const addrText = parts[parts.length - 1];
  const address = parseNumber(addrText);
  if (address === undefined) return { error: `'${addrText}' is not an address (use 0x… hex or decimal)` };
  if (BigInt(address) >= 1n << 64n) return { error: `${address} is wider than 64 bits` };
  if (parts.length === 1) return { address };
  const head = parts[0];
  if (parts.length === 2 && head.toLowerCase() === 'hpa') {
    return { error: 'hpa: names a host physical address: there is nothing to translate (give a gva or gpa)' };
  }
  if (parts.length === 2 && (head.toLowerCase() === 'gpa' || head.toLowerCase() === 'gva')) {
    return { address, stage: head.toLowerCase() as 'gva' | 'gpa' };
  }
  if (!CONTEXT_NAME.test(head)) return { error: `'${head}' is not a context name (e.g. guest1, hypervisor)` };
  if (parts.length === 2) return { address, context: head };
  if (parts.length === 3) {
    const stage = parts[1].toLowerCase();
    if (stage !== 'gva' && stage !== 'gpa') return { error: `unknown stage '${parts[1]}': use gva or gpa` };
    return { address, context: head, stage };
  }
  return { error: `'${t}' has too many parts: use CONTEXT:gva:ADDRESS or CONTEXT:gpa:ADDRESS` };
}

/** Whether an editor selection is worth prefilling the input box with. */
export function looksLikeAddress(selection: string | undefined): boolean {
  if (selection === undefined) return false;
  const t = selection.trim();
  if (t === '' || t.length > 80 || /\s/.test(t)) return false;
  const r = parseTranslateInput(t);
  // A bare decimal number in source text is rarely an address: only hex prefills.
  return !('error' in r) && /0x[0-9a-f_]+$/i.test(t);
}

/** The canonical text of request arguments, e.g. `guest1:gpa:0x80001000` (titles, history). */
export function formatTranslateArgs(a: TranslateArgs): string {
  return [a.context, a.stage, a.address].filter((p) => p !== undefined && p !== '').join(':');
}
