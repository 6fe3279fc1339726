// What a saved request (repository content) may make the builder do: which file paths it may name,
// which key it runs with, and that another workspace's key cannot be used by id.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyIndex, KeyRecord, usableKey } from '../../src/core/keys/key-index';
import { keyForSavedRequest, originOfUrl, refusedFilePath } from '../../src/core/requests/saved-request-safety';
import { parseSaved } from '../../src/builder/saved-request-format';

const key = (id: string, name: string, baseUrl: string, scope: KeyRecord['scope'] = { kind: 'global' }): KeyRecord => ({
  id, name, scope, permission: { level: 'all' }, baseUrl, kind: 'project', last4: 'abcd', createdAt: '2025-01-01T00:00:00.000Z',
});
const openai = key('k-openai', 'prod', 'https://api.openai.com/v1');
const local = key('k-local', 'local', 'http://127.0.0.1:8080/v1');

const savedFile = (form: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({
  version: 1, name: 'Upload', ...extra, request: { method: 'POST', path: '/files', bodyKind: 'multipart', form },
});

describe('file paths in saved requests', () => {
  it('accepts plain relative paths inside the folder', () => {
    for (const ok of ['data/train.jsonl', 'a.png', 'deep/er/file.txt', './x.txt', 'name with spaces.mp3', 'dots..in.name.txt']) {
      assert.equal(refusedFilePath(ok), undefined, ok);
    }
  });

  it('refuses .., absolute, drive, home and backslash paths', () => {
    for (const bad of ['../../../home/u/.ssh/id_rsa', 'data/../../x', '..', '/etc/passwd', 'C:/Users/u/x', 'c:x', '~/.ssh/id_rsa', 'a\\..\\..\\x', '', 'a\0b']) {
      assert.ok(refusedFilePath(bad), JSON.stringify(bad));
    }
    assert.match(refusedFilePath('../x')!, /leaves the workspace folder/);
    assert.match(refusedFilePath('/etc/passwd')!, /absolute/);
  });

  it('makes a saved request with such a path unreadable, with the reason', () => {
    assert.throws(() => parseSaved(savedFile([{ kind: 'file', name: 'file', path: '../../../home/u/.ssh/id_rsa' }]), 'x'), /refused: the path leaves the workspace folder/);
    assert.throws(() => parseSaved(savedFile([{ kind: 'file', name: 'file', path: '/etc/passwd' }]), 'x'), /absolute/);
    const ok = parseSaved(savedFile([{ kind: 'field', name: 'purpose', value: 'fine-tune' }, { kind: 'file', name: 'file', path: 'data/train.jsonl' }]), 'x');
    assert.deepEqual(ok.filePaths, { 1: 'data/train.jsonl' });
  });

  it('reads the origin a request was saved for, and refuses one that is not a URL', () => {
    assert.equal(parseSaved(savedFile([], { origin: 'https://api.openai.com/v1' }), 'x').origin, 'https://api.openai.com');
    assert.throws(() => parseSaved(savedFile([], { origin: 'javascript:alert(1)' }), 'x'), /"origin" must be an http or https URL/);
    assert.equal(originOfUrl('file:///etc/passwd'), undefined);
  });
});

describe('the key a saved request runs with', () => {
  it('uses the named key when it sends to the origin the request names', () => {
    assert.deepEqual(keyForSavedRequest({ keyName: 'prod', origin: 'https://api.openai.com' }, [openai, local], local), { keyId: 'k-openai' });
    assert.deepEqual(keyForSavedRequest({ keyName: 'prod' }, [openai, local], local), { keyId: 'k-openai' });
  });

  it('never picks a key for another origin: a named key elsewhere, or no key on that origin, holds the request', () => {
    const renamed = { ...local, name: 'prod' };
    const held = keyForSavedRequest({ keyName: 'prod', origin: 'https://api.openai.com' }, [renamed], renamed);
    assert.equal(held.keyId, undefined);
    assert.match(held.hold ?? '', /saved for https:\/\/api\.openai\.com, but key 'prod' here sends to http:\/\/127\.0\.0\.1:8080/);
    const none = keyForSavedRequest({ origin: 'https://collector.example' }, [openai, local], openai);
    assert.equal(none.keyId, undefined);
    assert.match(none.hold ?? '', /no key here sends there/);
    const missing = keyForSavedRequest({ keyName: 'gone', origin: 'https://api.openai.com' }, [openai], openai);
    assert.equal(missing.keyId, undefined, 'a missing named key is not replaced by the active key silently');
  });

  it('picks the active key on the named origin first, then another visible key there', () => {
    const second = key('k-openai-2', 'prod 2', 'https://api.openai.com/v1');
    assert.deepEqual(keyForSavedRequest({ origin: 'https://api.openai.com' }, [openai, second], second), { keyId: 'k-openai-2' });
    assert.deepEqual(keyForSavedRequest({ origin: 'https://api.openai.com' }, [openai, local], local), { keyId: 'k-openai' });
  });

  it('names the active key explicitly for an old request without key or origin', () => {
    assert.deepEqual(keyForSavedRequest({}, [openai, local], local), { keyId: 'k-local' });
    assert.ok(keyForSavedRequest({}, [openai], undefined).hold);
  });
});

describe('keys used by id', () => {
  const mine = key('k-mine', 'mine', 'https://api.openai.com/v1', { kind: 'workspace', workspaceId: 'ws-a', workspaceName: 'A' });
  const theirs = key('k-theirs', 'theirs', 'https://api.openai.com/v1', { kind: 'workspace', workspaceId: 'ws-b', workspaceName: 'B' });
  const index = { keys: [openai, mine, theirs], secretIds: [], active: {} } as unknown as KeyIndex;

  it("are this workspace's keys and global ones", () => {
    assert.deepEqual(usableKey(index, 'ws-a', 'k-mine'), { record: mine });
    assert.deepEqual(usableKey(index, 'ws-a', 'k-openai'), { record: openai });
    assert.deepEqual(usableKey(index, undefined, 'k-openai'), { record: openai });
  });

  it("refuse another workspace's key, and a workspace-less window's use of any workspace key", () => {
    assert.match((usableKey(index, 'ws-a', 'k-theirs') as { refused: string }).refused, /belongs to the workspace B/);
    assert.ok('refused' in usableKey(index, undefined, 'k-mine'));
    assert.match((usableKey(index, 'ws-a', 'nope') as { refused: string }).refused, /no longer exists/);
  });
});
