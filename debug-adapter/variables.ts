/**
 * Variables of the DAP session: scopes of a frame (Locals, Globals, Registers,
 * Floating Point, CSRs) and expandable values, addressed by variablesReference
 * handles that live until the next resume. Values are read and formatted by the
 * emulator's expression module (registers too, so the Registers view and Watch show
 * the same text); plain integers follow the launch's numberFormat or DAP format.hex;
 * CSRs are grouped and decoded by csrView; f registers are presented by fpRegisters.
 */
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Frame } from '../emulator/debug/frames';
import type { DValue, DVariable, EvalScope } from '../emulator/debug/model';
import { ABI_NAMES, FP_ABI_NAMES } from '../emulator/debug/regNames';
import { CSR_GROUPS, csrSummary, decodeCsr, readCsrByName, writeCsrByName, setCsrField } from '../emulator/debug/csrView';
import {
  REGADDR, assign, children, evaluate, formatValue, intRegType, isExpandable, makeInt, readValue, resolveType, typeName,
} from '../emulator/debug/expr/index';
import { fpRegisterText, fpRegisterViews } from './fpRegisters';
import type { Hart } from '../emulator/hart/hart';

export type Container =
  | { kind: 'locals'; frame: Frame }
  | { kind: 'globals'; frame: Frame }
  | { kind: 'registers'; frame: Frame }
  | { kind: 'fp'; frame: Frame; hart: Hart }
  | { kind: 'csrs'; hart: Hart }
  | { kind: 'csrGroup'; hart: Hart; group: string }
  | { kind: 'csr'; hart: Hart; name: string }
  | { kind: 'fpreg'; raw: bigint }
  | { kind: 'value'; name: string; value: DValue; scope: EvalScope; evaluateName: string };

export function hex64(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

/** How plain integers are shown: the launch attribute `numberFormat`. */
export type NumberFormat = 'hex' | 'decimal';

export class VariableStore {
  private handles = new Handles<Container>();
  /** The launch's numberFormat; DAP `format.hex` overrides it per request. */
  numberFormat: NumberFormat = 'hex';

  /** Plain integers in hex? `format.hex` when the client sent it, else numberFormat. */
  hexFor(format?: DebugProtocol.ValueFormat): boolean {
    return format?.hex ?? this.numberFormat === 'hex';
  }

  /** Forget all handles (the machine resumed: values are stale). */
  reset(): void {
    this.handles = new Handles<Container>();
  }

  get(ref: number): Container | undefined {
    return this.handles.get(ref);
  }

  /**
   * `(a=2, b=3)` after a frame's function name when the client asks for parameters
   * (DAP StackFrameFormat: parameters, with names and values unless turned off, types on
   * request); values follow format.hex, else numberFormat. '' when not asked.
   */
  frameParameters(frame: Frame, format: DebugProtocol.StackFrameFormat | undefined): string {
    if (format?.parameters !== true && format?.includeAll !== true) return '';
    const all = format.includeAll === true;
    const params = (frame.loc.file?.dwarf.localsAt(frame.lookupPc, frame.inlineDepth) ?? []).filter((v) => v.kind === 'param');
    const hex = this.hexFor(format);
    return `(${params.map((p) => {
      const name = [all || format.parameterTypes === true ? typeName(p.type) : '', all || format.parameterNames !== false ? p.name : ''].filter((x) => x).join(' ');
      const value = all || format.parameterValues !== false ? formatValue({ type: p.type, loc: frame.scope.locate(p) }, frame.scope, { hex }) : '';
      return name && value ? `${name}=${value}` : name || value;
    }).join(', ')})`;
  }

  scopes(frame: Frame, hart: Hart): DebugProtocol.Scope[] {
    const scope = (name: string, c: Container, hint?: string, expensive = false): DebugProtocol.Scope =>
      ({ name, variablesReference: this.handles.create(c), expensive, presentationHint: hint });
    return [
      scope('Locals', { kind: 'locals', frame }, 'locals'),
      scope('Globals', { kind: 'globals', frame }, undefined, true),
      scope('Registers', { kind: 'registers', frame }, 'registers'),
      scope('Floating Point', { kind: 'fp', frame, hart }, 'registers'),
      scope('CSRs', { kind: 'csrs', hart }, 'registers'),
    ];
  }

  variables(c: Container, hex = this.hexFor()): DebugProtocol.Variable[] {
    switch (c.kind) {
      case 'locals': return this.dwarfVariables(c.frame.loc.file?.dwarf.localsAt(c.frame.lookupPc, c.frame.inlineDepth) ?? [], c.frame.scope, hex);
      case 'globals': return this.dwarfVariables(c.frame.loc.file?.dwarf.globals() ?? [], c.frame.scope, hex);
      case 'registers': return this.registers(c.frame);
      case 'fp': return this.fpRegisters(c.frame, c.hart);
      case 'csrs': return CSR_GROUPS.map((g) => ({
        name: g.name, value: `${g.csrs.length} CSRs`,
        variablesReference: this.handles.create({ kind: 'csrGroup', hart: c.hart, group: g.name }),
      }));
      case 'csrGroup': return (CSR_GROUPS.find((g) => g.name === c.group)?.csrs ?? []).map((n) => this.csrVariable(c.hart, n));
      case 'csr': {
        const v = readCsrByName(c.hart, c.name) ?? 0n;
        return decodeCsr(c.name, v).map((f) => ({ name: f.name, value: f.value, type: f.bits, variablesReference: 0 }));
      }
      case 'fpreg': return fpRegisterViews(c.raw).map((x) => ({ ...x, variablesReference: 0 }));
      case 'value': return children(c.value, c.scope, c.name).map((ch) =>
        this.valueVariable(ch.name, ch.value, c.scope, childExpr(c.evaluateName, ch.name), hex));
    }
  }

  private dwarfVariables(vars: DVariable[], scope: EvalScope, hex: boolean): DebugProtocol.Variable[] {
    const seen = new Set<string>();
    const out: DebugProtocol.Variable[] = [];
    for (const v of vars) {
      if (seen.has(v.name)) continue; // shadowed by an inner declaration listed first
      seen.add(v.name);
      out.push(this.valueVariable(v.name, { type: v.type, loc: scope.locate(v) }, scope, v.name, hex));
    }
    return out;
  }

  /** One DAP variable for a typed value; expandable values get a handle. */
  valueVariable(name: string, value: DValue, scope: EvalScope, evaluateName: string, hex = this.hexFor()): DebugProtocol.Variable {
    const expandable = isExpandable(value);
    return {
      name,
      value: formatValue(value, scope, { hex }),
      type: typeName(value.type),
      evaluateName,
      variablesReference: expandable ? this.handles.create({ kind: 'value', name, value, scope, evaluateName }) : 0,
      memoryReference: memoryReferenceOf(value, scope),
    };
  }

  /** pc and x0..x31, formatted as the expressions `$pc`, `$ra`, ... are (same text in Watch). */
  private registers(frame: Frame): DebugProtocol.Variable[] {
    const s = frame.scope;
    const out: DebugProtocol.Variable[] = [{ name: 'pc', value: formatValue(makeInt(frame.pc, REGADDR), s), evaluateName: '$pc', variablesReference: 0, memoryReference: hex(frame.pc) }];
    for (let i = 0; i < 32; i++) {
      const value = formatValue({ type: intRegType(i), loc: { kind: 'register', reg: i } }, s);
      out.push({ name: ABI_NAMES[i], value, type: `x${i}`, evaluateName: `$${ABI_NAMES[i]}`, variablesReference: 0 });
    }
    return out;
  }

  private fpRegisters(frame: Frame, h: Hart): DebugProtocol.Variable[] {
    const out: DebugProtocol.Variable[] = [];
    for (let i = 0; i < 32; i++) {
      const raw = frame.access.readReg(32 + i);
      out.push({
        name: FP_ABI_NAMES[i], value: raw === undefined ? '<not saved>' : fpRegisterText(raw), type: `f${i}`, evaluateName: `$${FP_ABI_NAMES[i]}`,
        variablesReference: raw === undefined ? 0 : this.handles.create({ kind: 'fpreg', raw }),
      });
    }
    out.push(this.csrVariable(h, 'fcsr'));
    return out;
  }

  private csrVariable(h: Hart, name: string): DebugProtocol.Variable {
    const v = readCsrByName(h, name);
    const fields = v === undefined ? [] : decodeCsr(name, v);
    // Collapsed, a CSR shows its non-zero fields after the hex: 0x…1800 {MPP=M}.
    const summary = v === undefined ? '' : csrSummary(name, v);
    return {
      name, value: v === undefined ? '<unavailable>' : hex64(v) + (summary.length > 2 ? ` ${summary}` : ''), evaluateName: `$${name}`,
      variablesReference: fields.length > 0 ? this.handles.create({ kind: 'csr', hart: h, name }) : 0,
    };
  }

  /** setVariable: returns the new variable or throws Error with a message for the user. */
  set(c: Container, name: string, text: string): DebugProtocol.Variable {
    switch (c.kind) {
      case 'fpreg': throw new Error('set the register itself (its value is a double or a NaN-boxed float)');
      case 'registers': case 'fp': {
        const frame = c.frame;
        if (frame.index !== 0) throw new Error('registers of caller frames are read-only');
        if (name === 'pc') { // moves the hart (emulator/debug/goto.ts); the session reports a 'goto' stop
          assign('$pc', text, frame.scope);
          const pc = frame.scope.pc();
          return { name, value: formatValue(makeInt(pc, REGADDR), frame.scope), evaluateName: '$pc', variablesReference: 0, memoryReference: hex(pc) };
        }
        const v = assign(`$${name}`, text, frame.scope);
        const f = FP_ABI_NAMES.indexOf(name);
        const raw = c.kind === 'fp' && f >= 0 ? frame.access.readReg(32 + f) : undefined;
        if (raw !== undefined) { // shown as the Floating Point scope shows it
          return { name, value: fpRegisterText(raw), evaluateName: `$${name}`, variablesReference: this.handles.create({ kind: 'fpreg', raw }) };
        }
        return this.valueVariable(name, v, frame.scope, `$${name}`);
      }
      case 'csrGroup': case 'csrs': {
        const value = toBig(readValue(evaluate(text, scopeOfHart(c.hart)), scopeOfHart(c.hart)));
        if (!writeCsrByName(c.hart, name, value)) throw new Error(`CSR ${name} cannot be written`);
        return this.csrVariable(c.hart, name);
      }
      case 'csr': {
        const old = readCsrByName(c.hart, c.name) ?? 0n;
        const next = setCsrField(c.name, old, name, /^\d|^0x/i.test(text.trim()) ? BigInt(text.trim()) : text.trim());
        if (!writeCsrByName(c.hart, c.name, next)) throw new Error(`CSR ${c.name} cannot be written`);
        const field = decodeCsr(c.name, readCsrByName(c.hart, c.name) ?? 0n).find((f) => f.name === name);
        return { name, value: field?.value ?? text, variablesReference: 0 };
      }
      case 'locals': case 'globals': {
        const v = assign(name, text, c.frame.scope);
        return this.valueVariable(name, v, c.frame.scope, name);
      }
      case 'value': {
        const expr = childExpr(c.evaluateName, name);
        const v = assign(expr, text, c.scope);
        return this.valueVariable(name, v, c.scope, expr);
      }
    }
  }
}

/** An expression naming a child of `parent` as expr/format.ts names children. */
function childExpr(parent: string, child: string): string {
  if (child.startsWith('[')) return `(${parent})${child}`;
  if (child.startsWith('*')) return `*(${parent})`;
  return `(${parent}).${child}`;
}

/** Memory reference for "View Binary Data": the pointee of a pointer, else the value's address. */
export function memoryReferenceOf(v: DValue, scope: EvalScope): string | undefined {
  const t = resolveType(v.type);
  const p = scope.memoryPrefix ?? ''; // another address space than the hart's: name it
  try {
    if (t.kind === 'pointer') return p + hex(toBig(readValue(v, scope)));
  } catch {
    return undefined;
  }
  return v.loc.kind === 'memory' ? p + hex(v.loc.address) : undefined;
}

function toBig(x: bigint | number): bigint {
  return typeof x === 'bigint' ? x : BigInt(Math.trunc(x));
}

export function hex(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16);
}

/** A minimal scope for evaluating plain values typed into CSR cells. */
function scopeOfHart(h: Hart): EvalScope {
  return {
    readReg: () => undefined, writeReg: () => false, readMemory: () => undefined, writeMemory: () => false,
    cfa: () => undefined, pc: () => BigInt.asUintN(64, BigInt(h.pc)),
    variable: () => undefined, locate: () => ({ kind: 'optimizedOut' }), symbol: () => undefined, type: () => undefined,
    readCsr: (n) => readCsrByName(h, n), writeCsr: (n, v) => writeCsrByName(h, n, v),
  };
}
