// "Is this OpenAI's origin?" and "does this path stay on the key's origin?" at their edges: every
// loopback spelling, each part a base URL must not carry, OpenAI's own hosts and look-alikes, and every
// way a path could name another server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BASE_URL, checkBaseUrl, isLoopbackHost, isOpenAIOrigin } from '../../src/core/common/base-url';
import { ForeignOriginError, bindPathToOrigin } from '../../src/core/execution/origin';

describe('base URL check', () => {
  it('normalises: trims, drops every trailing slash, keeps the path and port', () => {
    assert.deepEqual(checkBaseUrl('  https://api.openai.com/v1//  '), { url: 'https://api.openai.com/v1' });
    assert.deepEqual(checkBaseUrl('https://example.com'), { url: 'https://example.com' });
    assert.deepEqual(checkBaseUrl('https://example.com:8443/openai/v1/'), { url: 'https://example.com:8443/openai/v1' });
    assert.equal(DEFAULT_BASE_URL, 'https://api.openai.com/v1');
  });

  it('refuses each part a base URL must not carry, with its own message', () => {
    assert.deepEqual(checkBaseUrl(' nope '), { error: '"nope" is not a URL; expected something like https://api.openai.com/v1.' });
    assert.deepEqual(checkBaseUrl('ws://example.com'), { error: 'Base URL must use http or https, not ws.' });
    assert.deepEqual(checkBaseUrl('https://user@example.com'), { error: 'Base URL must not carry a user name or password.' });
    assert.deepEqual(checkBaseUrl('https://:pw@example.com'), { error: 'Base URL must not carry a user name or password.' });
    assert.deepEqual(checkBaseUrl('https://example.com/v1?a=1'), { error: 'Base URL must not have a query or fragment.' });
    assert.deepEqual(checkBaseUrl('https://example.com/v1#top'), { error: 'Base URL must not have a query or fragment.' });
  });

  it('warns for plain http to any host but loopback, naming the host', () => {
    assert.deepEqual(checkBaseUrl('http://example.com/v1'), {
      url: 'http://example.com/v1',
      warning: 'The key would travel unencrypted to example.com; use https unless this is a trusted local server.',
    });
    for (const url of ['http://localhost/v1', 'http://127.0.0.1:1/v1', 'http://127.9.8.7/v1', 'http://[::1]:4010']) {
      assert.equal(checkBaseUrl(url).warning, undefined, url);
      assert.ok(checkBaseUrl(url).url, url);
    }
    assert.equal(checkBaseUrl('https://example.com').warning, undefined);
  });

  it('knows every loopback spelling, and nothing that only looks like one', () => {
    for (const host of ['localhost', '127.0.0.1', '127.255.0.9', '[::1]', '::1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['localhost.evil.example', '127.0.0.1.evil.example', 'x127.0.0.1', '128.0.0.1', '127.0.0', '0.0.0.0', '::2', 'evil-localhost']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('OpenAI\'s own base URL', () => {
  it('is https on api.openai.com or one of its subdomains', () => {
    for (const url of ['https://api.openai.com/v1', 'https://api.openai.com', 'https://us.api.openai.com/v1', 'https://API.OPENAI.COM/v1']) {
      assert.equal(isOpenAIOrigin(url), true, url);
    }
  });

  it('is not a look-alike, plain http or text that is no URL', () => {
    for (const url of ['http://api.openai.com/v1', 'https://evilapi.openai.com/v1', 'https://api.openai.com.evil.example', 'https://openai.com/v1', 'https://api-openai.com/v1', 'api.openai.com/v1', '', 'https://evil.example/api.openai.com']) {
      assert.equal(isOpenAIOrigin(url), false, url);
    }
  });
});

describe('path bound to the key\'s origin', () => {
  const OPENAI = 'https://api.openai.com/v1';

  it('keeps relative paths, adding the leading slash', () => {
    assert.equal(bindPathToOrigin(OPENAI, 'files/f-1'), '/files/f-1');
    assert.equal(bindPathToOrigin(OPENAI, '/files?limit=2'), '/files?limit=2');
    assert.equal(bindPathToOrigin('https://h.example', '/a:b'), '/a:b');
    assert.equal(bindPathToOrigin('https://h.example', '1x:y'), '/1x:y');
  });

  it('drops a doubled /v1 only when the base URL ends in /v1, and only as a whole segment', () => {
    assert.equal(bindPathToOrigin(OPENAI, '/v1'), '/');
    assert.equal(bindPathToOrigin(OPENAI, '/v1/'), '/');
    assert.equal(bindPathToOrigin(`${OPENAI}/`, '/v1/models'), '/models');
    assert.equal(bindPathToOrigin(OPENAI, '/v10/models'), '/v10/models');
    assert.equal(bindPathToOrigin(OPENAI, '/v1models'), '/v1models');
    assert.equal(bindPathToOrigin('https://h.example/v2', '/v1/models'), '/v1/models');
    assert.equal(bindPathToOrigin('https://h.example/api/v1', 'v1/x'), '/x');
  });

  it('refuses a scheme in any case, //, and backslashes anywhere, with the reason', () => {
    for (const path of ['https://evil.example', 'Http://x', 'x+y.z-1:rest', 'mailto:a@b', '//evil.example', '/files\\..\\x', 'a\\b']) {
      assert.throws(() => bindPathToOrigin(OPENAI, path), (e: unknown) => e instanceof ForeignOriginError && e.name === 'ForeignOriginError', path);
    }
    assert.throws(() => bindPathToOrigin(OPENAI, '//evil.example/x'), {
      message: 'Refused: "//evil.example/x" is not a path on https://api.openai.com. A key is only sent to the origin of its base URL; use a path such as /models, or a key whose base URL is that server.',
    });
  });

  it('quotes at most 80 characters of a refused path', () => {
    const long = `https://evil.example/${'a'.repeat(100)}`;
    assert.throws(() => bindPathToOrigin(OPENAI, long), { message: new RegExp(`^Refused: "${long.slice(0, 77).replace(/[.]/g, '\\.')}\\.\\.\\." is not a path`) });
    const exact = `https://e.example/${'b'.repeat(62)}`;
    assert.equal(exact.length, 80);
    assert.throws(() => bindPathToOrigin(OPENAI, exact), { message: new RegExp(`^Refused: "${exact.replace(/[.]/g, '\\.')}" is not`) });
  });
});

describe('origin: edges the reviewer found untested', () => {
  it('reads every octet of a 127/8 address', () => {
    for (const host of ['127.0.10.200', '127.10.0.1', '127.1.1.255']) assert.equal(isLoopbackHost(host), true, host);
  });

  it('drops a doubled /v1 only at the start of the path, whatever the base URL\'s trailing slashes', () => {
    assert.equal(bindPathToOrigin('https://h.example/v1//', '/v1/models'), '/models');
    assert.equal(bindPathToOrigin('https://h.example/v1', '/x/v1/y'), '/x/v1/y');
  });
});
