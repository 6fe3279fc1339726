import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyItemState, keyActions, keyContextValue } from '../../src/core/keys/key-actions';

const base: KeyItemState = { kind: 'project', visibleHere: true, isActive: false, missingSecret: false, openAIBaseUrl: true };

test('a usable key of this workspace offers everything', () => {
  assert.deepEqual(keyActions(base), ['apiKey', 'canSetActive', 'canSend', 'canTest', 'canDetect', 'canCopy']);
});

test('the active key cannot be made active again', () => {
  const actions = keyActions({ ...base, isActive: true });
  assert.ok(actions.includes('active'));
  assert.ok(!actions.includes('canSetActive'));
});

test('a key of another workspace can be managed but not used here', () => {
  const actions = keyActions({ ...base, visibleHere: false });
  assert.ok(!actions.includes('canSetActive'));
  assert.ok(!actions.includes('canSend'));
  assert.ok(actions.includes('canTest'));
});

test('a key whose secret is missing only offers re-entry and management', () => {
  assert.deepEqual(keyActions({ ...base, missingSecret: true }), ['apiKey', 'missingSecret']);
});

test('detection is offered only for OpenAI keys that are not admin keys', () => {
  assert.ok(!keyActions({ ...base, kind: 'admin' }).includes('canDetect'));
  assert.ok(!keyActions({ ...base, openAIBaseUrl: false }).includes('canDetect'));
});

test('the context value joins the flags so menus can match whole words', () => {
  const value = keyContextValue(base);
  assert.match(value, /\bcanSend\b/);
  assert.doesNotMatch(value, /\bmissingSecret\b/);
});
