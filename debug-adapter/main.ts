/**
 * Standalone debug adapter entry point (bundled to dist/debugAdapter.js): serves one
 * HyperStep debug session over stdin/stdout using the Debug Adapter Protocol.
 */
import { DebugSession } from '@vscode/debugadapter';
import { HyperStepSession } from './session';

DebugSession.run(HyperStepSession);
