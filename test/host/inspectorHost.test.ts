// The inspector's host side in plain Node (a fake `vscode`, test/host/fakeVscode.ts): what a page is sent
// after the session has ended, and that a closed panel's waiting messages never reach the next one.

import * as assert from 'node:assert';
import { join } from 'node:path';
import { loadNetworkFile } from '../../src/engine/load';
import { Trainer } from '../../src/engine/trainer';
import { diffState } from '../../src/protocol/delta';
import { snapshot } from '../../src/protocol/snapshot';
import { installFakeVscode, type FakePanel, type FakeSession } from './fakeVscode';

const fake = installFakeVscode();
/* eslint-disable @typescript-eslint/no-require-imports */
const { SessionState } = require('../../src/host/sessionState') as typeof import('../../src/host/sessionState');
const { InspectorPanel } = require('../../src/host/inspectorPanel') as typeof import('../../src/host/inspectorPanel');
/* eslint-enable @typescript-eslint/no-require-imports */

const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

/** The entry state of the 2-2-2 worked example, as the adapter's first state event carries it. */
function entryState() {
  const r = loadNetworkFile(join(__dirname, '..', '..', 'examples', 'hand-2-2-2.backprop.json'));
  assert.ok(r.spec);
  return snapshot(new Trainer(r.spec));
}

const answers = (command: string): unknown => (command === 'backprop.lossHistory' ? { from: 1, base64: '' } : undefined);

suite('host: the inspector after a session ends, and across panels', () => {
  let sessions: InstanceType<typeof SessionState>;
  let inspector: InstanceType<typeof InspectorPanel>;
  setup(() => {
    sessions = new SessionState();
    inspector = new InspectorPanel(fake.api.Uri.joinPath(new fake.api.Uri('/ext')) as never, sessions);
  });
  teardown(() => {
    inspector.dispose();
    sessions.dispose();
  });

  /** A session that starts (the inspector opens itself), stops at its entry and is shown on a ready page. */
  async function stoppedSession(): Promise<{ session: FakeSession; panel: FakePanel }> {
    const session = fake.start(answers);
    const panel = fake.panels[fake.panels.length - 1];
    fake.adapterSends(session, { type: 'event', event: 'backprop.state', body: diffState(undefined, entryState()) });
    await turn();
    panel.send({ type: 'ready' });
    await turn();
    assert.deepStrictEqual(
      panel.posted.map((m) => m.type),
      ['settings', 'state', 'losses'],
    );
    return { session, panel };
  }

  test('reopened after the session ended, the inspector shows it ended and its buttons ask nothing of the gone session', async () => {
    const { session, panel } = await stoppedSession();
    fake.end(session);
    assert.strictEqual(panel.posted.at(-1)?.type, 'ended');
    panel.dispose();

    inspector.show();
    const reopened = fake.panels[fake.panels.length - 1];
    assert.notStrictEqual(reopened, panel);
    reopened.send({ type: 'ready' });
    await turn();
    const types = reopened.posted.map((m) => m.type);
    assert.ok(types.includes('state'), 'the last state stays on view');
    assert.ok(types.indexOf('ended') > types.indexOf('state'), `ended after the state: ${types.join(', ')}`);

    // a click that reached the host before the buttons were disabled
    const before = session.asked.length;
    reopened.send({ type: 'command', command: 'stepOver' });
    reopened.send({ type: 'seek', iteration: 1, position: 2 });
    await turn();
    assert.deepStrictEqual(session.asked.slice(before), [], 'nothing asked of the ended session');
    assert.deepStrictEqual(fake.commands, []);
  });

  test('a new session after an ended one is live again', async () => {
    const first = await stoppedSession();
    fake.end(first.session);
    first.panel.dispose();
    const { session, panel } = await stoppedSession();
    assert.ok(!panel.posted.some((m) => m.type === 'ended'));
    panel.send({ type: 'command', command: 'stepOver' });
    await turn();
    assert.deepStrictEqual(
      session.asked.map(([c]) => c).filter((c) => c === 'next'),
      ['next'],
    );
  });

  test('what waited for a page that was closed before it was ready never reaches the next panel', async () => {
    inspector.show();
    const first = fake.panels[fake.panels.length - 1];
    inspector.reveal(2); // queued: the page has not said `ready`
    first.dispose();

    inspector.show();
    const second = fake.panels[fake.panels.length - 1];
    assert.notStrictEqual(second, first);
    second.send({ type: 'ready' });
    await turn();
    assert.deepStrictEqual(
      second.posted.map((m) => m.type),
      ['settings'],
    );
  });
});
