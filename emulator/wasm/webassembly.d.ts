/**
 * The part of the WebAssembly JavaScript API (WebAssembly JS API spec, section 5
 * "The WebAssembly Namespace") the wasm tier uses. The project compiles against lib
 * ES2022 without DOM, and this @types/node version does not declare it.
 */
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  interface TableDescriptor { element: 'anyfunc'; initial: number; maximum?: number }
  class Table {
    constructor(descriptor: TableDescriptor);
    readonly length: number;
    get(i: number): unknown;
    set(i: number, v: unknown): void;
    grow(n: number): number;
  }
  type ImportValue = Memory | Table | ((...args: never[]) => unknown);
  type Imports = Record<string, Record<string, ImportValue>>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: Uint8Array): boolean;
}
