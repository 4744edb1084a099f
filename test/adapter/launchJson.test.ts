// A bad launch attribute is shown where it is in launch.json: the range of the field in the right
// configuration (comments, trailing commas and other debuggers' configurations around it).

import * as assert from 'node:assert';
import { checkLaunch } from '../../src/debug/launchArguments';
import { locateField } from '../../src/host/launchJson';

const LAUNCH = `{
  // two configurations of the same name, only one of them ours
  "version": "0.2.0",
  "configurations": [
    { "type": "node", "request": "launch", "name": "Debug training", "historyMegabytes": "not ours" },
    {
      "type": "backprop",
      "request": "launch",
      "name": "Debug training",
      "network": "\${file}",
      "historyMegabytes": "64MB", // a unit, where a number is wanted
    },
  ],
}`;

suite('launch.json: the place of a bad attribute', () => {
  test('the field of the backprop configuration of that name, key and value', () => {
    const checked = checkLaunch({ type: 'backprop', name: 'Debug training', network: '${file}', historyMegabytes: '64MB' });
    assert.ok(!checked.ok);
    const at = locateField(LAUNCH, 'Debug training', checked.problem.field)!;
    assert.strictEqual(LAUNCH.slice(at.offset, at.offset + at.length), '"historyMegabytes": "64MB"');
    assert.strictEqual(LAUNCH.slice(0, at.offset).split('\n').length, 11, 'on line 11');
  });

  test('a missing field points at the configuration; another name or no configurations, nowhere', () => {
    const at = locateField(LAUNCH, 'Debug training', 'granularity')!;
    assert.match(LAUNCH.slice(at.offset, at.offset + at.length), /^\{\s+"type": "backprop"[\s\S]*\}$/);
    assert.strictEqual(locateField(LAUNCH, 'Other', 'network'), undefined);
    assert.strictEqual(locateField('{ "version": "0.2.0" }', 'Debug training', 'network'), undefined);
    assert.strictEqual(locateField('not json at all', 'x', 'network'), undefined);
  });
});
