/**
 * DAP scenarios, presentation (issue 15, findings 1, 6 and 9): evaluate errors come back
 * inline (no `showUser`, so VS Code shows no toast); addresses, pointers, symbols and
 * the address registers in hex with `<symbol+offset>`; the same register text in Watch
 * and in the Registers view; the `numberFormat` launch attribute and DAP `format.hex`;
 * disassembly labels and the rows before readable memory; the Floating Point scope.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, SRC, Session, runToMarker, useSessions } from './helpers';

/** Sends a request and resolves with the raw response, successful or not. */
function rawRequest(s: Session, command: string, args: object): Promise<DebugProtocol.Response> {
  const client = s.dc as unknown as { doSend(c: string, a: object, cb: (r: DebugProtocol.Response) => void): void };
  return new Promise((resolve) => client.doSend(command, args, resolve));
}

/** The error object of a failed response (DAP `ErrorResponse.body.error`). */
function errorOf(r: DebugProtocol.Response): DebugProtocol.Message {
  assert.equal(r.success, false, `${r.command} should fail: ${JSON.stringify(r.body)}`);
  const error = (r as DebugProtocol.ErrorResponse).body?.error;
  assert.ok(error, `${r.command} error response carries body.error`);
  return error;
}

describe('DAP: presentation of values and errors', function () {
  this.timeout(8000);
  const session = useSessions();

  it('evaluate errors in watch, repl, hover and clipboard are inline only (no showUser)', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
    for (const context of ['watch', 'repl', 'hover', 'clipboard', 'variables']) {
      const r = await rawRequest(s, 'evaluate', { expression: 'nosuchvar', frameId: frame.id, context });
      const error = errorOf(r);
      assert.equal(error.showUser, undefined, `${context}: no toast (${JSON.stringify(error)})`);
      assert.match(r.message ?? '', /nosuchvar/, `${context}: the message names the expression`);
    }
    const syntax = errorOf(await rawRequest(s, 'evaluate', { expression: 'i_val +', frameId: frame.id, context: 'repl' }));
    assert.ok(!syntax.showUser, 'a syntax error in the console is no toast');

    // A watch of a local that left scope (i_val after stepping out of locals_demo) fails at every stop.
    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    const out = await rawRequest(s, 'evaluate', { expression: 'i_val', frameId: (await s.topFrame()).id, context: 'watch' });
    assert.equal(errorOf(out).showUser, undefined, 'out of scope: no toast');

    // setVariable keeps telling the user: that is an action they took.
    const regs = await s.scopeRef((await s.topFrame()).id, 'Registers');
    const bad = errorOf(await rawRequest(s, 'setVariable', { variablesReference: regs, name: 't6', value: 'nosuchvar' }));
    assert.equal(bad.showUser, true, 'setVariable errors are shown');
  });
});
