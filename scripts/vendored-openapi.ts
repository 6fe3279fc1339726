// Where the repository keeps OpenAI's OpenAPI description (third_party/openai-openapi/), and the record of
// where it came from (README.md beside it). The catalogue generator, the update command, the contract
// tests and the schema checks all read the description through these paths: the repository needs
// nothing beside it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const VENDORED_DIR = resolve(__dirname, '..', 'third_party', 'openai-openapi');
export const VENDORED_SPEC = join(VENDORED_DIR, 'openapi.yaml');
export const VENDORED_NOTICE = join(VENDORED_DIR, 'README.md');
export const CATALOGUE_DATA = resolve(__dirname, '..', 'src', 'core', 'catalogue', 'route-catalogue.data.ts');

export const UPSTREAM = 'https://github.com/openai/openai-openapi';

export interface SourceRecord {
  /** Where the description was published, e.g. the upstream repository's URL. */
  readonly source: string;
  /** The upstream commit, or 'unknown' when the update did not say. */
  readonly commit: string;
  /** The upstream commit's date, when known (YYYY-MM-DD). */
  readonly date?: string;
  /** SHA-256 of openapi.yaml as vendored: a hand edit of the file no longer matches it. */
  readonly sha256: string;
  /** The description's own `info.version`. */
  readonly version: string;
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const FIELDS: readonly [keyof SourceRecord, string][] = [
  ['source', 'Source'],
  ['commit', 'Commit'],
  ['date', 'Commit date'],
  ['version', 'Description version'],
  ['sha256', 'SHA-256 of openapi.yaml'],
];

/** third_party/openai-openapi/README.md: the notice with the source, commit and licence. */
export function renderNotice(record: SourceRecord): string {
  const rows = FIELDS.filter(([key]) => record[key]).map(([key, label]) => `| ${label} | \`${record[key]}\` |`);
  return [
    "# OpenAI's OpenAPI description (vendored)",
    '',
    "`openapi.yaml` is OpenAI's published OpenAPI 3 description of its REST API, copied here unchanged so",
    'that the repository needs nothing beside it.',
    '',
    '| | |',
    '|---|---|',
    ...rows,
    '| Licence | MIT, Copyright (c) OpenAI: see `LICENSE` in this folder |',
    '',
    'It is read at build and test time only: `npm run generate:catalogue` derives',
    '`src/core/catalogue/route-catalogue.data.ts` from it, the Prism contract tests serve it, and the',
    'catalogue schema checks validate examples and probes against it. The extension does not ship it.',
    '',
    'Do not edit these files by hand. To move to a newer description run',
    '`npm run update:openapi -- <openapi.yaml or a folder holding it>`: it copies the file here, rewrites',
    'this record, regenerates the catalogue and prints the routes added, removed and reclassified. A unit',
    'test fails when the file, this record and the committed catalogue disagree.',
    '',
  ].join('\n');
}

/** Reads the record back from the notice; undefined fields were not recorded. */
export function parseNotice(text: string): Partial<SourceRecord> {
  const record: Partial<Record<keyof SourceRecord, string>> = {};
  for (const [key, label] of FIELDS) {
    const match = new RegExp(`^\\| ${label.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')} \\| \`([^\`]*)\` \\|$`, 'm').exec(text);
    if (match) record[key] = match[1];
  }
  return record;
}
