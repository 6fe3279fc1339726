import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findKeysInDotEnv, findOpenAISettings } from '../../src/core/keys/dotenv';
import { makeKey } from './test-keys';

test('finds OPENAI_API_KEY and other key-valued lines with their line numbers', () => {
  const a = makeKey.project();
  const b = makeKey.serviceAccount();
  const text = ['# comment', `OPENAI_API_KEY="${a}"`, 'OTHER=1', `export BOT_KEY=${b} # ci bot`, 'EMPTY='].join('\n');
  assert.deepEqual(findKeysInDotEnv(text), [
    { name: 'OPENAI_API_KEY', value: a, line: 1 },
    { name: 'BOT_KEY', value: b, line: 3 },
  ]);
});

test('reads base URL, organization and project from the same file', () => {
  const text = 'OPENAI_BASE_URL=http://127.0.0.1:9/v1\nOPENAI_ORG_ID="org-1"\nOPENAI_PROJECT_ID=proj_2\r\n';
  assert.deepEqual(findOpenAISettings(text), { baseUrl: 'http://127.0.0.1:9/v1', organization: 'org-1', project: 'proj_2' });
});

test('ignores values that are not keys', () => {
  assert.deepEqual(findKeysInDotEnv('TASK=sk-ask-me\nHASH=sha512-abc\n'), []);
});
