/**
 * The README's Performance figures, written by `npm run bench` from the same rows as
 * docs/bench-latest.md: a compact table and, for each missed target, its reason and profile summary,
 * between two markers that nothing else writes.
 */
import type { Row } from './measure';
import { compactTable } from './table';

export const BLOCK_START = '<!-- bench:start (written by npm run bench; edit scripts/bench/readme-block.ts) -->';
export const BLOCK_END = '<!-- bench:end -->';

/** The block's text: where and when it was measured, the table, then what remains and why. */
export function benchBlock(rows: readonly Row[], measured: string): string {
  const missed = rows.filter((r) => r.met === false);
  return [
    BLOCK_START,
    `Latest full run: ${measured}. Full table with notes: [docs/bench-latest.md](docs/bench-latest.md).`,
    '',
    compactTable(rows),
    '',
    ...(missed.length
      ? ['What remains, and why (each with the top self-time functions of ours from a CPU profile):', '', ...missed.map((r) => `- ${r.section.replace(/^\d+\.\s*/, '')}, ${r.measure}: ${r.note ?? 'no note'}`)]
      : ['Every target met.']),
    BLOCK_END,
  ].join('\n');
}

/** The README with its block replaced; throws when the markers are missing or out of order. */
export function replaceBenchBlock(readme: string, block: string): string {
  const start = readme.indexOf(BLOCK_START);
  const end = readme.indexOf(BLOCK_END);
  if (start < 0 || end < start) throw new Error(`README.md has no bench block (${BLOCK_START} … ${BLOCK_END})`);
  return readme.slice(0, start) + block + readme.slice(end + BLOCK_END.length);
}
