// What `npm test` and `npm start` do before anything else, checked through the scripts themselves:
// a machine without apt-get hears one sentence, nested npm installs do not inherit the outer npm's
// identity, and CI runs exactly the README's command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const REPO = join(__dirname, '..', '..');
const cache = mkdtempSync(join(tmpdir(), 'occ prerequisites '));
after(() => rmSync(cache, { recursive: true, force: true }));

/** Runs a script as npm would: with npm's own variables in the environment, on an empty cache. */
function run(script: string, args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const { OPENAI_CONNECTOR_RERUN: _outer, ...inherited } = process.env; // set when test.sh runs this test
  const result = spawnSync('bash', [join(REPO, script), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...inherited,
      npm_config_user_agent: 'npm/11.0.0 node/v20.20.2 linux x64 workspaces/false',
      npm_lifecycle_event: 'test',
      OPENAI_CONNECTOR_TEST_CACHE: cache,
      OPENAI_CONNECTOR_NO_APT: '1',
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a machine where apt-get is not allowed', () => {
  it('hears in one sentence which packages are missing and how to install them', () => {
    const r = run('scripts/setup-test-host.sh', ['chromium'], { OPENAI_CONNECTOR_ASSUME_MISSING: 'chromium' });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'Chromium is missing: run `sudo apt-get install --no-install-recommends chromium`, then `npm test` again.\n');
  });

  it('gets the same single sentence from npm test, before anything is installed', () => {
    const r = run('scripts/test.sh', [], { OPENAI_CONNECTOR_ASSUME_MISSING: 'chromium libkrb5-dev' });
    assert.equal(r.code, 1);
    assert.equal(`${r.stdout}${r.stderr}`,
      'Chromium and the tools that build code-server are missing: run `sudo apt-get install --no-install-recommends chromium libkrb5-dev`, then `npm test` again.\n');
    assert.deepEqual(readdirSync(cache).filter((name) => !name.startsWith('.')), [], 'nothing was installed into the cache');
  });

  it('gets it from npm start too, naming npm start', () => {
    const r = run('scripts/start.sh', ['--check'], { OPENAI_CONNECTOR_ASSUME_MISSING: 'pkg-config' });
    assert.equal(r.code, 1);
    assert.equal(`${r.stdout}${r.stderr}`,
      'The tools that build code-server are missing: run `sudo apt-get install --no-install-recommends pkg-config`, then `npm start` again.\n');
  });
});

describe('nested npm installs', () => {
  it("see neither the outer npm's user agent nor its package and lifecycle fields, but keep the user's cache", () => {
    const script = `source scripts/prerequisites.sh; scrub_npm_env; env | grep -E '^(npm_|INIT_CWD=)' | sort`;
    const result = spawnSync('bash', ['-c', script], {
      cwd: REPO,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        npm_config_user_agent: 'npm/11.0.0 node/v20.20.2',
        npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
        npm_config_local_prefix: REPO,
        npm_package_name: 'openai-connector',
        npm_lifecycle_event: 'test',
        npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
        INIT_CWD: REPO,
        npm_config_cache: '/tmp/empty npm cache',
        npm_config_registry: 'https://registry.npmjs.org/',
      },
    });
    assert.equal(result.stdout, 'npm_config_cache=/tmp/empty npm cache\nnpm_config_registry=https://registry.npmjs.org/\n');
  });
});

describe('CI', () => {
  it('runs the README test command and nothing before it', () => {
    const lines = readFileSync(join(REPO, '.ci', 'run'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const commands = lines.filter((l) => !/^set -e$/.test(l) && !/^cd /.test(l));
    assert.deepEqual(commands, ['npm test']);
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    assert.match(readme, /```sh\nnpm test\n```/, 'the README names npm test as the test command');
  });
});
