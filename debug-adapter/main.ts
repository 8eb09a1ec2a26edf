/**
 * Standalone debug adapter entry point (bundled to dist/debugAdapter.js): serves one
 * HyperStep debug session over stdin/stdout using the Debug Adapter Protocol.
 * An error that escapes a request handler (e.g. a rejected promise of an async
 * request) is logged to stderr; it never ends the process (robust.ts).
 */
import { DebugSession } from '@vscode/debugadapter';
import { HyperStepSession } from './session';

const report = (what: string) => (e: unknown): void => {
  process.stderr.write(`HyperStep adapter: ${what}: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
};
process.on('unhandledRejection', report('unhandled rejection'));
process.on('uncaughtException', report('uncaught exception'));

DebugSession.run(HyperStepSession);
