// The pace slider's host side in plain Node (a fake `vscode`): the inspector's `pace` message becomes the
// session's backprop.setPace, the session's answer goes back to the page, and a page loaded again is told
// the pace in force (a page starts at full speed, so full speed itself is not told).

import * as assert from 'node:assert';
import { installFakeVscode } from './fakeVscode';

const fake = installFakeVscode();
/* eslint-disable @typescript-eslint/no-require-imports */
const { SessionState } = require('../../src/host/sessionState') as typeof import('../../src/host/sessionState');
const { InspectorPanel } = require('../../src/host/inspectorPanel') as typeof import('../../src/host/inspectorPanel');
/* eslint-enable @typescript-eslint/no-require-imports */

const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

suite('host: the pace of Continue', () => {
  test('the slider sets the pace on the session; the page is told the pace in force, again after a reload', async () => {
    const sessions = new SessionState();
    const inspector = new InspectorPanel(fake.api.Uri.joinPath(new fake.api.Uri('/ext')) as never, sessions);
    try {
      const session = fake.start((command, args) => (command === 'backprop.setPace' ? { ...(args as object), perSecond: Math.min(60, (args as { perSecond: number }).perSecond) } : command === 'backprop.lossHistory' ? { from: 1, base64: '' } : undefined));
      sessions.session = session as never;
      const panel = fake.panels[fake.panels.length - 1];
      panel.send({ type: 'ready' });
      await turn();
      assert.deepStrictEqual(panel.posted.filter((m) => m.type === 'pace'), [], 'full speed is where a page starts');
      panel.send({ type: 'pace', perSecond: 10, unit: 'epoch' });
      await turn();
      assert.deepStrictEqual(session.asked.filter(([c]) => c === 'backprop.setPace'), [['backprop.setPace', { perSecond: 10, unit: 'epoch' }]]);
      assert.deepStrictEqual(panel.posted.at(-1), { type: 'pace', perSecond: 10, unit: 'epoch' });
      // malformed: never reaches the session
      panel.send({ type: 'pace', perSecond: -1, unit: 'epoch' });
      panel.send({ type: 'pace', perSecond: 5, unit: 'frames' });
      await turn();
      assert.strictEqual(session.asked.filter(([c]) => c === 'backprop.setPace').length, 1);
      // the page loaded again: told the pace in force
      panel.send({ type: 'ready' });
      await turn();
      assert.deepStrictEqual(panel.posted.filter((m) => m.type === 'pace').at(-1), { type: 'pace', perSecond: 10, unit: 'epoch' });
    } finally {
      inspector.dispose();
      sessions.dispose();
    }
  });
});
