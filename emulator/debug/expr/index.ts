/**
 * Public API of the debugger's expression language: evaluation and assignment over
 * an EvalScope, value reading, formatting, children for the Variables view, logpoint
 * interpolation and type helpers.
 */
export { evaluate, assign, syntaxError, csrOf, lookupType, findMember, subValue } from './evaluator';
export { formatValue, formatFloat, addressText, children, isExpandable, interpolateLogMessage, type Child, type FormatOptions } from './format';
export { readValue, toScalar, convert, store, makeInt, makeFloat, type Scalar } from './value';
export {
  ExprError, resolveType, typeName, sizeOf, pointerTo, isCharType, isIntegerType, isFloatType, isSignedType,
  VOID, CHAR, SCHAR, UCHAR, SHORT, USHORT, INT, UINT, LONG, ULONG, LLONG, ULLONG, BOOL, FLOAT, DOUBLE, REG64,
  REGADDR, ADDR, intRegType, isAddressType, isRegisterType,
} from './types';
