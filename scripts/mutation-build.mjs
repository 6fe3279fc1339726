// Stryker's build step (stryker.config.json, buildCommand): bundles each unit test with the mutated
// sources into one CommonJS file, so every mutant run starts plain Node instead of tsx (4-6x faster).
// Mutants are switched at run time, so one build serves the whole run.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Left out, all still in `npm test`:
// - tests of files on disk, bundle budgets, the manifest and the Prism contract: they read paths
//   (__dirname, dist/) that a bundle moves, and guard nothing of the mutated modules;
// - tests that pay seconds a run for something else: execution-sdk (talks to a loopback server through
//   the SDK, and hangs once bundled), permission-probes (holds its process ~9 s), execution-core (a
//   20 MB parse timing), protocol-fuzz (1,000 messages, ~1.7 s). The *-guards tests check the same
//   guards with exact inputs and reasons, in well under a second.
// - tests of the manifest, the scripts, the vendored description and git (command-surface, prerequisites,
//   vendored-openapi, walkthrough-manifest, readme-pictures, user-only-settings, git-index, env-override)
//   read repository files or start processes; admin-client and redirects hold loopback servers open.
const SKIP = new Set([
  'budgets', 'catalogue-lookup', 'catalogue-spec', 'core-boundary', 'manifest', 'mock-server',
  'execution-sdk', 'permission-probes', 'execution-core', 'protocol-fuzz',
  'command-surface', 'prerequisites', 'vendored-openapi', 'walkthrough-manifest', 'readme-pictures', 'user-only-settings',
  'git-index', 'env-override', 'admin-client', 'redirects',
]);

const entryPoints = readdirSync('test/unit')
  .filter((f) => f.endsWith('.test.ts') && !SKIP.has(f.slice(0, -'.test.ts'.length)))
  .map((f) => join('test/unit', f));

rmSync('.mutation-build', { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  packages: 'external',
  outdir: '.mutation-build',
  logLevel: 'warning',
});
