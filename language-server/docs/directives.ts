/**
 * Documentation of GNU as directives (as used for RISC-V), of the RISC-V relocation
 * operators (%hi, %pcrel_lo, ...), of the floating-point rounding-mode operands and of
 * the `.option` arguments. Short one-line texts for hover and completion.
 */

export interface DirectiveDoc {
  name: string;
  syntax: string;
  description: string;
}

type Row = [name: string, syntax: string, description: string];

const DIRECTIVES: Row[] = [
  ['.text', '', 'switch to the code section .text'],
  ['.data', '', 'switch to the initialized data section .data'],
  ['.bss', '', 'switch to the zero-initialized section .bss'],
  ['.rodata', '', 'switch to the read-only data section .rodata'],
  ['.section', 'name[, "flags"[, @type]]', 'switch to section name (flags: a alloc, w write, x exec; type @progbits / @nobits)'],
  ['.pushsection', 'name[, "flags"[, @type]]', 'switch to a section, remembering the current one'],
  ['.popsection', '', 'return to the section saved by .pushsection'],
  ['.previous', '', 'return to the previously selected section'],
  ['.globl', 'symbol[, symbol...]', 'make symbols visible to the linker (global binding)'],
  ['.global', 'symbol[, symbol...]', 'same as .globl: make symbols global'],
  ['.local', 'symbol[, symbol...]', 'give symbols local binding'],
  ['.weak', 'symbol[, symbol...]', 'give symbols weak binding'],
  ['.hidden', 'symbol[, symbol...]', 'set symbol visibility to hidden'],
  ['.type', 'symbol, @function|@object', 'set the ELF symbol type'],
  ['.size', 'symbol, expression', 'set the ELF symbol size (often `. - symbol`)'],
  ['.align', 'n[, fill[, max]]', 'align to 2^n bytes (on RISC-V .align takes a power of two)'],
  ['.p2align', 'n[, fill[, max]]', 'align to 2^n bytes'],
  ['.balign', 'bytes[, fill[, max]]', 'align to a multiple of bytes'],
  ['.byte', 'expr[, expr...]', 'emit 8-bit values'],
  ['.half', 'expr[, expr...]', 'emit 16-bit values'],
  ['.short', 'expr[, expr...]', 'emit 16-bit values'],
  ['.2byte', 'expr[, expr...]', 'emit 16-bit values (unaligned allowed)'],
  ['.word', 'expr[, expr...]', 'emit 32-bit values'],
  ['.long', 'expr[, expr...]', 'emit 32-bit values'],
  ['.4byte', 'expr[, expr...]', 'emit 32-bit values (unaligned allowed)'],
  ['.dword', 'expr[, expr...]', 'emit 64-bit values'],
  ['.quad', 'expr[, expr...]', 'emit 64-bit values'],
  ['.8byte', 'expr[, expr...]', 'emit 64-bit values (unaligned allowed)'],
  ['.float', 'value[, value...]', 'emit IEEE single-precision values'],
  ['.double', 'value[, value...]', 'emit IEEE double-precision values'],
  ['.sleb128', 'expr[, expr...]', 'emit signed LEB128 values'],
  ['.uleb128', 'expr[, expr...]', 'emit unsigned LEB128 values'],
  ['.ascii', '"string"[, "string"...]', 'emit string bytes without a terminating NUL'],
  ['.asciz', '"string"[, "string"...]', 'emit NUL-terminated strings'],
  ['.string', '"string"[, "string"...]', 'emit NUL-terminated strings'],
  ['.zero', 'size', 'emit size zero bytes'],
  ['.space', 'size[, fill]', 'emit size bytes of fill (default 0)'],
  ['.skip', 'size[, fill]', 'same as .space'],
  ['.fill', 'repeat[, size[, value]]', 'emit repeat copies of a size-byte value'],
  ['.org', 'offset[, fill]', 'advance the location counter to offset within the section'],
  ['.equ', 'symbol, expression', 'define symbol as the value of expression'],
  ['.set', 'symbol, expression', 'define (or redefine) symbol as the value of expression'],
  ['.equiv', 'symbol, expression', 'like .equ, but an error if symbol is already defined'],
  ['.comm', 'symbol, size[, align]', 'declare a common symbol'],
  ['.lcomm', 'symbol, size[, align]', 'reserve size bytes in .bss for a local symbol'],
  ['.option', 'rvc|norvc|push|pop|relax|norelax|pic|nopic|arch, ...', 'set RISC-V assembler options for the following code'],
  ['.attribute', 'tag, value', 'record a RISC-V ELF attribute (e.g. arch, stack_align)'],
  ['.insn', 'format, fields...', 'emit an instruction given by format and raw fields'],
  ['.macro', 'name[ args...]', 'start a macro definition (ends with .endm); arguments are used as \\arg'],
  ['.endm', '', 'end a macro definition'],
  ['.exitm', '', 'leave the current macro expansion early'],
  ['.purgem', 'name', 'delete a macro definition'],
  ['.rept', 'count', 'repeat the lines up to .endr count times'],
  ['.irp', 'symbol, values...', 'repeat the lines up to .endr once per value, substituting \\symbol'],
  ['.irpc', 'symbol, chars', 'repeat the lines up to .endr once per character'],
  ['.endr', '', 'end a .rept/.irp/.irpc block'],
  ['.if', 'expression', 'assemble the following lines if expression is non-zero'],
  ['.ifdef', 'symbol', 'assemble the following lines if symbol is defined'],
  ['.ifndef', 'symbol', 'assemble the following lines if symbol is not defined'],
  ['.ifeq', 'expression', 'assemble the following lines if expression is zero'],
  ['.ifne', 'expression', 'assemble the following lines if expression is non-zero'],
  ['.elseif', 'expression', 'alternative condition of an .if block'],
  ['.else', '', 'alternative branch of an .if block'],
  ['.endif', '', 'end an .if block'],
  ['.include', '"file"', 'assemble the contents of another file here'],
  ['.incbin', '"file"[, skip[, count]]', 'emit the bytes of a file'],
  ['.file', '"name"', 'set the source file name recorded for debugging'],
  ['.loc', 'file line [column]', 'DWARF line-table entry for the following code'],
  ['.ident', '"string"', 'add an identification string to .comment'],
  ['.error', '"message"', 'report an error'],
  ['.warning', '"message"', 'report a warning'],
  ['.print', '"message"', 'print a message while assembling'],
  ['.end', '', 'end of the assembly input'],
  ['.cfi_startproc', '', 'start of a function\'s call-frame information'],
  ['.cfi_endproc', '', 'end of a function\'s call-frame information'],
  ['.cfi_def_cfa_offset', 'offset', 'the CFA is now register + offset'],
  ['.cfi_offset', 'register, offset', 'register is saved at CFA + offset'],
  ['.cfi_restore', 'register', 'register has its value at function entry again'],
];

const RELOCATIONS: Row[] = [
  ['%hi', '%hi(symbol)', 'upper 20 bits of the absolute address (for lui), rounded for the %lo addend'],
  ['%lo', '%lo(symbol)', 'lower 12 bits of the absolute address (for addi / loads / stores)'],
  ['%pcrel_hi', '%pcrel_hi(symbol)', 'upper 20 bits of symbol - pc (for auipc)'],
  ['%pcrel_lo', '%pcrel_lo(label)', 'lower 12 bits of the pc-relative offset computed by the auipc at label'],
  ['%got_pcrel_hi', '%got_pcrel_hi(symbol)', 'upper 20 bits of the pc-relative address of symbol\'s GOT entry'],
  ['%tprel_hi', '%tprel_hi(symbol)', 'upper 20 bits of the TLS offset (local exec)'],
  ['%tprel_lo', '%tprel_lo(symbol)', 'lower 12 bits of the TLS offset (local exec)'],
  ['%tprel_add', '%tprel_add(symbol)', 'marks the add of tp for TLS relaxation'],
  ['%tls_ie_pcrel_hi', '%tls_ie_pcrel_hi(symbol)', 'TLS initial-exec GOT entry, pc-relative upper bits'],
  ['%tls_gd_pcrel_hi', '%tls_gd_pcrel_hi(symbol)', 'TLS global-dynamic GOT entry, pc-relative upper bits'],
];

const ROUNDING: Row[] = [
  ['rne', 'rne', 'round to nearest, ties to even'],
  ['rtz', 'rtz', 'round towards zero'],
  ['rdn', 'rdn', 'round down (towards -infinity)'],
  ['rup', 'rup', 'round up (towards +infinity)'],
  ['rmm', 'rmm', 'round to nearest, ties to max magnitude'],
  ['dyn', 'dyn', 'use the dynamic rounding mode in frm (the default)'],
];

const OPTIONS: Row[] = [
  ['rvc', 'rvc', 'allow compressed instructions'],
  ['norvc', 'norvc', 'do not emit compressed instructions'],
  ['push', 'push', 'save the current options'],
  ['pop', 'pop', 'restore the options saved by push'],
  ['relax', 'relax', 'allow linker relaxation'],
  ['norelax', 'norelax', 'forbid linker relaxation'],
  ['pic', 'pic', 'position-independent code (la loads from the GOT)'],
  ['nopic', 'nopic', 'position-dependent code'],
  ['arch', 'arch, +ext | -ext | =isa', 'change the enabled ISA extensions'],
];

const toDocs = (rows: Row[]): DirectiveDoc[] => rows.map(([name, syntax, description]) => ({ name, syntax, description }));

export const directiveDocs: DirectiveDoc[] = toDocs(DIRECTIVES);
export const relocationDocs: DirectiveDoc[] = toDocs(RELOCATIONS);
export const roundingModeDocs: DirectiveDoc[] = toDocs(ROUNDING);
export const optionDocs: DirectiveDoc[] = toDocs(OPTIONS);

/** Common section names offered after `.section`. */
export const sectionNames: readonly string[] = ['.text', '.data', '.rodata', '.bss', '.sdata', '.sbss', '.init', '.text.init'];

const byName = new Map<string, DirectiveDoc>(directiveDocs.map((d) => [d.name, d]));
const relocByName = new Map<string, DirectiveDoc>(relocationDocs.map((d) => [d.name, d]));
const rmByName = new Map<string, DirectiveDoc>(roundingModeDocs.map((d) => [d.name, d]));

/** Documentation of a directive (with its leading dot), case-insensitive. */
export function directiveDoc(name: string): DirectiveDoc | undefined {
  return byName.get(name.toLowerCase());
}

/** Documentation of a relocation operator given with its '%'. */
export function relocationDoc(name: string): DirectiveDoc | undefined {
  return relocByName.get(name.toLowerCase());
}

/** Documentation of a rounding-mode operand (rne, rtz, rdn, rup, rmm, dyn). */
export function roundingModeDoc(name: string): DirectiveDoc | undefined {
  return rmByName.get(name.toLowerCase());
}
