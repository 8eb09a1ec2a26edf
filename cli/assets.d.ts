/** Binary assets embedded by esbuild's "binary" loader (scripts/build.mjs). */
declare module '*.elf' {
  const data: Uint8Array;
  export default data;
}
