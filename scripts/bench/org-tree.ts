/**
 * 8. Organization view: what the view computes once the Admin API data has arrived, for 50 projects
 * × 200 keys. As shown: the link index, the 50 project rows and the keys of one expanded project
 * (VS Code asks for other rows only when they are expanded). Worst case: every project expanded.
 */
import { linkIndex, orgKeyView, orgViews, projectDescription } from '../../src/core/admin/org-tree-model';
import { Row, median } from './measure';
import { ORG_KEYS_PER_PROJECT, ORG_PROJECTS, orgFixture } from './org-fixture';

const SECTION = '8. Organization view';
const TARGET_MS = 50;
const NOW = Date.UTC(2026, 11, 1, 12);

function row(measure: string, samples: readonly number[], rows: number): Row {
  const ms = median(samples);
  return { section: SECTION, measure, value: ms, unit: 'ms', target: `≤ ${TARGET_MS} ms`, met: ms <= TARGET_MS, samples: samples.length, note: `${ORG_PROJECTS} projects × ${ORG_KEYS_PER_PROJECT} keys; ${rows} rows` };
}

export function benchOrgTree(opts: { rounds: number }): Promise<Row[]> {
  const { org, links, storedNames } = orgFixture(NOW);
  const shown: number[] = [];
  const all: number[] = [];
  let shownRows = 0;
  let allRows = 0;
  for (let r = 0; r < opts.rounds; r++) {
    let t0 = performance.now();
    const index = linkIndex(links, storedNames);
    shownRows = org.map(projectDescription).length + org[r % ORG_PROJECTS]!.keys.map((k) => orgKeyView(k, index, NOW)).length;
    shown.push(performance.now() - t0);
    t0 = performance.now();
    allRows = orgViews(org, links, storedNames, NOW).flat().length;
    all.push(performance.now() - t0);
  }
  return Promise.resolve([
    row('rows once the data arrives, one project expanded', shown, shownRows),
    row('rows once the data arrives, every project expanded', all, allRows),
  ]);
}
