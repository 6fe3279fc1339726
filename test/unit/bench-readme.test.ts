// The README's Performance block comes from the bench rows: replaced between its markers only.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Row } from '../../scripts/bench/measure';
import { BLOCK_END, BLOCK_START, benchBlock, replaceBenchBlock } from '../../scripts/bench/readme-block';

const rows: Row[] = [
  { section: '2. Request overhead', measure: 'POST /v1/responses, sequential', value: 1.5, baseline: 1.2, ratio: 1.25, unit: 'ms', target: 'ratio ≤ 1.10', met: false, note: 'missed: four messages; profile, top self time in our code: f 1.0 ms (2.0%)', load: '1.2→1.4' },
  { section: '9. Leak scan', measure: 'Scan', value: 900, baseline: 800, ratio: 1.125, unit: 'ms', target: 'ratio ≤ 2.00', met: true, load: '1.0→1.1' },
];

describe('README bench block', () => {
  it('holds the table, the load of each row and the reason for each miss', () => {
    const block = benchBlock(rows, '2026-12-01 20:00 UTC, load 1.2');
    assert.ok(block.startsWith(BLOCK_START) && block.endsWith(BLOCK_END));
    assert.match(block, /\| 2\. Request overhead \| POST \/v1\/responses, sequential \| 1\.50 ms \| 1\.20 ms \| 1\.25× \| ratio ≤ 1\.10 \| \*\*missed\*\* \| 1\.2→1\.4 \|/);
    assert.match(block, /- Request overhead, POST \/v1\/responses, sequential: missed: four messages; profile, top self time/);
    assert.doesNotMatch(block, /- Leak scan/);
  });

  it('replaces only what is between the markers, and refuses a README without them', () => {
    const readme = `# A\n\n${BLOCK_START}\nold\n${BLOCK_END}\n\n## B\n`;
    assert.equal(replaceBenchBlock(readme, `${BLOCK_START}\nnew\n${BLOCK_END}`), `# A\n\n${BLOCK_START}\nnew\n${BLOCK_END}\n\n## B\n`);
    assert.throws(() => replaceBenchBlock('# no block', 'x'), /no bench block/);
  });

  it('the README has the block', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.ok(readme.indexOf(BLOCK_START) >= 0 && readme.indexOf(BLOCK_END) > readme.indexOf(BLOCK_START));
  });
});
