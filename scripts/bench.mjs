// `npm run bench`: runs the benchmarks (scripts/bench/index.ts) under the Node 24 of the test host,
// which the openai SDK needs, with no OPENAI_* variable of the caller. Arguments pass through:
//   --only activation,requests,streaming,catalogue,tree,large,webview,org,leaks   --skip webview   --quick
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.OPENAI_CONNECTOR_TEST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'openai-connector-test-host');
const nodePathFile = join(cache, 'node-path');
let node = process.execPath;
if (existsSync(nodePathFile)) node = readFileSync(nodePathFile, 'utf8').trim();
else if (Number(process.versions.node.split('.')[0]) < 22) {
  console.error(`bench: Node >= 22 is needed for the openai SDK and ${nodePathFile} is missing; run: bash scripts/setup-test-host.sh`);
  process.exit(1);
}

const env = { ...process.env };
for (const name of Object.keys(env)) if (name.startsWith('OPENAI_') && !name.startsWith('OPENAI_CONNECTOR_')) delete env[name];
env.PATH = `${dirname(node)}:${env.PATH ?? ''}`;

const result = spawnSync(node, ['--expose-gc', '--enable-source-maps', '--import', 'tsx', join(root, 'scripts/bench/index.ts'), ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
