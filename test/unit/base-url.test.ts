import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBaseUrl, isOpenAIBaseUrl } from '../../src/core/base-url';

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
  assert.equal(isOpenAIBaseUrl('https://api.openai.com/v1'), true);
  assert.equal(isOpenAIBaseUrl('http://api.openai.com/v1'), false);
  assert.equal(isOpenAIBaseUrl('https://api.openai.com.evil.example/v1'), false);
  assert.equal(isOpenAIBaseUrl('http://127.0.0.1:4010/v1'), false);
});
