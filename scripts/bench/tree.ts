/**
 * 5. Keys tree: getChildren for 1,000 keys across 100 workspaces. Cold: the first walk in a fresh
 * process, for what the view shows at first and for every node expanded (the worst case; VS Code
 * only asks for expanded nodes). After a change: the vault hands out a new index (one key renamed)
 * and the whole tree is asked again.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { REPO_ROOT } from './bundle-budget';
import { Row, median } from './measure';
import { explainChildMiss } from './profile-summary';
import { TREE_KEYS, TREE_WORKSPACES, treeKeys, walkTree } from './tree-fixture';

const SECTION = '5. Keys tree';

interface ColdSample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly nodes: number;
}

function cold(args: string[]): ColdSample {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'child', 'tree-cold.ts'), ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out) as ColdSample;
}

function coldRow(measure: string, samples: readonly ColdSample[], note: string): Row {
  const ms = median(samples.map((s) => s.ms));
  return { section: SECTION, measure, value: ms, unit: 'ms', target: '≤ 20 ms', met: ms <= 20, samples: samples.length, note: `${note}; CPU ${median(samples.map((s) => s.cpuMs)).toFixed(1)} ms; ${samples[0]?.nodes} nodes` };
}

export async function benchTree(opts: { rounds: number }): Promise<Row[]> {
  const variants = { initial: [] as ColdSample[], all: [] as ColdSample[], allIcuWarm: [] as ColdSample[] };
  for (let i = 0; i < Math.min(7, opts.rounds); i++) {
    variants.initial.push(cold(['--initial']));
    variants.all.push(cold([]));
    variants.allIcuWarm.push(cold(['--icu-warm']));
  }
  let keys = treeKeys();
  const nodes = walkTree(keys);
  const changed: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const at = (r * 37) % keys.length;
    const t0 = performance.now();
    keys = keys.map((k, i) => (i === at ? { ...k, name: `${k.name} (renamed ${r})` } : k)); // a vault change: a new index
    const seen = walkTree(keys);
    changed.push(performance.now() - t0);
    if (seen !== nodes) throw new Error(`the walk saw ${seen} nodes, expected ${nodes}`);
  }
  return [
    explainChildMiss(coldRow('getChildren cold, the view as first shown (fresh process)', variants.initial, `${TREE_KEYS} keys in ${TREE_WORKSPACES} workspaces; groups plus the two groups that start expanded`), REPO_ROOT, ['--import', 'tsx', join(__dirname, 'child', 'tree-cold.ts'), '--initial'], join(tmpdir(), `occ-tree-profile-${process.pid}`), 'the same one-time ICU collation set-up, in a first walk that also runs cold (not yet optimised) code'),
    explainChildMiss(coldRow('getChildren cold, every node expanded (fresh process)', variants.all, 'includes the one-time ICU collation setup of the first localeCompare'), REPO_ROOT, ['--import', 'tsx', join(__dirname, 'child', 'tree-cold.ts')], join(tmpdir(), `occ-tree-profile-${process.pid}`), 'ICU sets up its collation on the first localeCompare of the process (compare with the row below); a code-unit compare would be faster but would change the order for users whose locale sorts differently'),
    coldRow('getChildren cold, every node expanded, ICU set up', variants.allIcuWarm, 'as above, after one localeCompare elsewhere in the process'),
    { section: SECTION, measure: 'getChildren after a change, every node expanded', value: median(changed), unit: 'ms', target: '≤ 20 ms', met: median(changed) <= 20, samples: changed.length, note: `${nodes} nodes` },
  ];
}
