/**
 * DAP scenarios, Watch → Set Value (setExpression): any lvalue expression, CSR fields by
 * value name or number (the CSR is rewritten), and `$pc` (a 'goto' stop follows).
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, SRC, Session, hex, hexIn, markerLine, runToMarker, useSessions } from './helpers';

/** The test client has no helper for setExpression: send it as a custom request. */
async function setExpression(s: Session, args: DebugProtocol.SetExpressionArguments): Promise<DebugProtocol.SetExpressionResponse> {
  return await s.dc.customRequest('setExpression', args) as DebugProtocol.SetExpressionResponse;
}

describe('DAP: setExpression (Watch → Set Value)', function () {
  this.timeout(5000);
  const session = useSessions();

  it('announces supportsSetExpression', async () => {
    const s = await session();
    assert.equal(s.capabilities.supportsSetExpression, true);
  });

  it('sets a CSR field by name and by number, a struct member and a register', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
    const set = async (expression: string, value: string): Promise<string> =>
      (await setExpression(s, { expression, value, frameId: frame.id })).body.value;
    assert.equal(await set('mstatus.MPP', 'S'), 'S');
    assert.equal((hexIn((await s.evaluate('mstatus', frame.id)).result) >> 11n) & 3n, 1n);
    assert.equal(await set('$mstatus.mpp', '3'), 'M');
    assert.equal((hexIn((await s.evaluate('mstatus', frame.id)).result) >> 11n) & 3n, 3n);
    assert.equal(await set('satp.MODE', 'Bare'), 'Bare');
    assert.equal(await set('local_pt.y', '41'), '41');
    assert.equal((await s.evaluate('local_pt', frame.id)).result, '{x = 5, y = 41}');
    assert.equal(hexIn(await set('$a5', '0x1234')), 0x1234n);
    await assert.rejects(setExpression(s, { expression: 'mstatus.MPP', value: 'Q', frameId: frame.id }), /cannot set mstatus\.MPP: unknown identifier 'Q'/);
    await assert.rejects(setExpression(s, { expression: 'local_pt.y + 1', value: '2', frameId: frame.id }), /cannot assign to a computed value/);
  });

  it('setting $pc moves the hart and reports a goto stop', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const [t] = (await s.dc.gotoTargetsRequest({ source: { path: SRC.prog }, line: markerLine(SRC.prog, 'afterAdd') })).body.targets;
    const addr = BigInt(t.instructionPointerReference!);
    await setExpression(s, { expression: '$pc', value: hex(addr), frameId: frame.id });
    await s.waitStopped('goto');
    assert.equal(await s.pc(), addr);
  });
});
