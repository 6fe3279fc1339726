/**
 * `npm run bench` (through scripts/bench.mjs, on Node 24): builds, runs every benchmark, prints one
 * table, and writes bench-results/bench-<time>.json, bench-results/latest.json and docs/bench-latest.md.
 * Timings are medians of repeated runs, compared with a baseline measured in the same run; a missed
 * target is reported, never a failure.
 *
 *   --only a,b   run only these sections: activation requests streaming catalogue tree large webview org leaks usage
 *   --skip a,b   leave these out (e.g. --skip webview when no browser is installed)
 *   --quick      fewer repetitions (a smoke run; figures are noisier)
 *   --no-build   measure dist/ as it is
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchActivation } from './activation';
import { REPO_ROOT } from './bundle-budget';
import { benchCatalogue } from './catalogue';
import { benchLargeResponse } from './large-response';
import { benchLeakScan } from './leak-scan';
import type { Row } from './measure';
import { benchRequests } from './request-overhead';
import { benchStreaming } from './streaming';
import { benchOrgTree } from './org-tree';
import { benchBlock, replaceBenchBlock } from './readme-block';
import { markdownTable } from './table';
import { benchTree } from './tree';
import { benchUsagePanel } from './usage-panel';
import { benchWebview } from './webview';

const SECTIONS = ['activation', 'requests', 'streaming', 'catalogue', 'tree', 'large', 'webview', 'org', 'leaks', 'usage'] as const;
type Section = (typeof SECTIONS)[number];

function listArg(args: string[], name: string): Section[] | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const list = (args[i + 1] ?? '').split(',').filter(Boolean);
  for (const s of list) if (!SECTIONS.includes(s as Section)) throw new Error(`bench: unknown section '${s}' (sections: ${SECTIONS.join(', ')})`);
  return list as Section[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = listArg(args, '--only');
  const skip = listArg(args, '--skip') ?? [];
  const quick = args.includes('--quick');
  const wanted = SECTIONS.filter((s) => (!only || only.includes(s)) && !skip.includes(s));
  const resultsDir = join(REPO_ROOT, 'bench-results');
  const tmpDir = join(resultsDir, 'tmp');
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });

  if (!args.includes('--no-build')) {
    console.log('bench: building (node scripts/build.mjs)');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }

  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const rows: Row[] = [];
  const errors: string[] = [];
  const run = async (section: Section, fn: () => Promise<Row[]>): Promise<void> => {
    if (!wanted.includes(section)) return;
    const t0 = Date.now();
    process.stdout.write(`bench: ${section} ... `);
    try {
      const loadBefore = loadavg()[0]!;
      const got = await fn();
      // Each figure carries the machine's load while its section ran (2 shared cores: it matters).
      const load = `${loadBefore.toFixed(1)}→${loadavg()[0]!.toFixed(1)}`;
      rows.push(...got.map((r) => ({ ...r, load })));
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push(`${section}: ${message}`);
      console.log(`failed: ${message.split('\n')[0]}`);
    }
  };

  await run('activation', () => benchActivation({ rounds: quick ? 5 : 21, tmpDir }));
  await run('requests', () => benchRequests({ rounds: quick ? 6 : 20, perRound: quick ? 10 : 20, concurrentRounds: quick ? 6 : 30 }));
  await run('streaming', () => benchStreaming({ rounds: quick ? 3 : 9, events: 10_000 }));
  await run('catalogue', () => benchCatalogue({ rounds: quick ? 5 : 25 }));
  await run('tree', () => benchTree({ rounds: quick ? 5 : 25 }));
  await run('large', () => benchLargeResponse({ rounds: quick ? 3 : 9 }));
  await run('webview', () => benchWebview({ rounds: quick ? 2 : 5, tmpDir }));
  await run('org', () => benchOrgTree({ rounds: quick ? 5 : 25 }));
  await run('leaks', () => benchLeakScan({ rounds: quick ? 3 : 9, tmpDir }));
  await run('usage', () => benchUsagePanel({ rounds: quick ? 2 : 5, tmpDir }));

  const table = markdownTable(rows);
  const seconds = (Date.now() - started) / 1000;
  const machine = `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'cpu'}, load average ${loadAtStart.toFixed(1)} at start and ${loadavg()[0]!.toFixed(1)} at the end`;
  console.log(`\n${table}\n`);
  if (errors.length) console.log(`Sections that could not run:\n${errors.map((e) => `  ${e.split('\n')[0]}`).join('\n')}\n`);
  const missed = rows.filter((r) => r.met === false);
  console.log(missed.length ? `Targets missed: ${missed.map((r) => r.measure).join('; ')}` : 'Every target met.');
  console.log(`bench: ${seconds.toFixed(0)} s on Node ${process.versions.node}, ${machine}`);

  const stamp = new Date().toISOString();
  const json = { date: stamp, node: process.versions.node, machine, quick, seconds, sections: wanted, rows, errors };
  const file = join(resultsDir, `bench-${stamp.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (!only && !quick && skip.length === 0) {
    const doc = [
      '# Latest benchmark',
      '',
      `Measured ${stamp.slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` (${seconds.toFixed(0)} s), Node ${process.versions.node}, ${machine}.`,
      'Timings are medians over repeated runs; ratios compare with a baseline measured in the same run.',
      '',
      table,
      '',
      ...(errors.length ? ['Sections that could not run:', '', ...errors.map((e) => `- ${e.split('\n')[0]}`), ''] : []),
    ].join('\n');
    mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'docs', 'bench-latest.md'), doc);
    const readme = join(REPO_ROOT, 'README.md');
    writeFileSync(readme, replaceBenchBlock(readFileSync(readme, 'utf8'), benchBlock(rows, `${stamp.slice(0, 16).replace('T', ' ')} UTC, Node ${process.versions.node}, ${machine}`)));
    console.log(`bench: wrote ${file.slice(REPO_ROOT.length + 1)}, docs/bench-latest.md and the README's Performance table`);
  } else {
    console.log(`bench: wrote ${file.slice(REPO_ROOT.length + 1)} (partial run: docs/bench-latest.md left as it was)`);
  }
  rmSync(tmpDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
