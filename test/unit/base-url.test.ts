import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBaseUrl, isOpenAIOrigin, testOpenAIOrigins } from '../../src/core/common/base-url';

test('base URLs must be http(s) and are normalised', () => {
  assert.equal(checkBaseUrl('https://api.openai.com/v1/').url, 'https://api.openai.com/v1');
  assert.match(checkBaseUrl('ftp://example.com').error ?? '', /http or https/);
  assert.match(checkBaseUrl('not a url').error ?? '', /not a URL/);
  assert.match(checkBaseUrl('https://user:pw@example.com/v1').error ?? '', /user name/);
  assert.match(checkBaseUrl('https://example.com/v1?x=1').error ?? '', /query/);
});

test('plain http warns unless the host is loopback', () => {
  assert.match(checkBaseUrl('http://example.com/v1').warning ?? '', /unencrypted/);
  assert.equal(checkBaseUrl('http://127.0.0.1:8080/v1').warning, undefined);
  assert.equal(checkBaseUrl('http://localhost:1234/v1').warning, undefined);
  assert.equal(checkBaseUrl('http://[::1]:1234/v1').warning, undefined);
});

test('only OpenAI own https API counts as OpenAI', () => {
  assert.equal(isOpenAIOrigin('https://api.openai.com/v1'), true);
  assert.equal(isOpenAIOrigin('http://api.openai.com/v1'), false);
  assert.equal(isOpenAIOrigin('https://api.openai.com.evil.example/v1'), false);
  assert.equal(isOpenAIOrigin('http://127.0.0.1:4010/v1'), false);
});

test('the test host may add origins treated as OpenAI, and only the test host', () => {
  const mock = 'http://127.0.0.1:4010';
  assert.equal(isOpenAIOrigin(`${mock}/v1`, [mock]), true);
  assert.equal(isOpenAIOrigin('http://127.0.0.1:4011/v1', [mock]), false);
  assert.equal(isOpenAIOrigin('not a url', [mock]), false);
  assert.deepEqual(testOpenAIOrigins({ OPENAI_CONNECTOR_TEST: '1', OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS: `${mock}, http://localhost:1` }), [mock, 'http://localhost:1']);
  assert.deepEqual(testOpenAIOrigins({ OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS: mock }), []);
});
