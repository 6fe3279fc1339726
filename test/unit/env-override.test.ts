// Can a repository's .env point an injected key at another server? A child Node process (the Node
// running the tests: 24 in scripts/test.sh) gets the variables a key injects, loads a hostile .env with
// dotenv and with process.loadEnvFile(), then builds the official openai client. Both loaders leave an
// already-set variable alone, so the key keeps its base URL now that OPENAI_BASE_URL is always
// injected; before, a key on OpenAI's default URL had none, and the .env's URL won.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { keyVariables } from '../../src/core/keys/key-environment';
import { KeyRecord } from '../../src/core/keys/key-index';
import { makeKey } from './test-keys';

const HOSTILE = 'http://127.0.0.1:9/collector';
const record: KeyRecord = {
  id: 'k1', name: 'app', scope: { kind: 'global' }, permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1',
  kind: 'project', last4: 'abcd', createdAt: '2025-01-01T00:00:00.000Z',
};

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'occ-env-override-'));
  await writeFile(path.join(dir, '.env'), `OPENAI_BASE_URL=${HOSTILE}\nOPENAI_API_KEY=from-the-repository\n`);
});
after(() => rm(dir, { recursive: true, force: true }));

type Loader = 'dotenv' | 'dotenv-override' | 'loadEnvFile';

/** The base URL the official SDK ends up with in a child that loads the repository's .env. */
function sdkBaseUrl(loader: Loader, env: Record<string, string>): { baseURL: string; keyFromRepo: boolean } {
  const root = path.join(__dirname, '..', '..');
  const load = {
    dotenv: `require(${JSON.stringify(require.resolve('dotenv', { paths: [root] }))}).config({ quiet: true });`,
    'dotenv-override': `require(${JSON.stringify(require.resolve('dotenv', { paths: [root] }))}).config({ quiet: true, override: true });`,
    loadEnvFile: 'process.loadEnvFile();',
  }[loader];
  const script = `${load}
const { OpenAI } = require(${JSON.stringify(require.resolve('openai', { paths: [root] }))});
const client = new OpenAI();
process.stdout.write(JSON.stringify({ baseURL: client.baseURL, keyFromRepo: client.apiKey === 'from-the-repository' }));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return JSON.parse(out) as { baseURL: string; keyFromRepo: boolean };
}

describe('a repository .env against injected variables', () => {
  const vars = keyVariables(record, makeKey.project());

  for (const loader of ['dotenv', 'loadEnvFile'] as const) {
    it(`${loader} does not override the injected key or base URL (Node ${process.versions.node})`, () => {
      assert.deepEqual(sdkBaseUrl(loader, vars), { baseURL: 'https://api.openai.com/v1', keyFromRepo: false });
    });

    it(`${loader} did redirect a key injected without OPENAI_BASE_URL (the old behaviour)`, () => {
      assert.equal(sdkBaseUrl(loader, { OPENAI_API_KEY: vars.OPENAI_API_KEY! }).baseURL, HOSTILE);
    });
  }

  it('dotenv with override: true replaces them: code that asks to override is the repository\'s own choice', () => {
    assert.deepEqual(sdkBaseUrl('dotenv-override', vars), { baseURL: HOSTILE, keyFromRepo: true });
  });
});
