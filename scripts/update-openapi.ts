// Moves the repository to a newer OpenAI OpenAPI description, in one command:
//   npm run update:openapi -- <openapi.yaml | folder holding it> [--source URL] [--commit SHA] [--date YYYY-MM-DD]
// A folder may also hold LICENSE and SOURCE.md (as a checkout of openai/openai-openapi does); the commit
// is read from --commit, SOURCE.md or the folder's git checkout. The command copies the description into
// third_party/openai-openapi/, records its source there, regenerates the route catalogue and prints the
// routes added, removed and reclassified. Nothing is written when the new description has operations
// the classifier cannot place.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { diffCatalogues, formatCatalogueDiff } from '../src/core/catalogue/catalogue-diff';
import { ROUTE_ROWS, SPEC_VERSION } from '../src/core/catalogue/route-catalogue.data';
import { buildCatalogue, renderCatalogueModule } from '../src/core/catalogue/spec-to-catalogue';
import { CATALOGUE_DATA, UPSTREAM, VENDORED_DIR, VENDORED_NOTICE, VENDORED_SPEC, renderNotice, sha256, type SourceRecord } from './vendored-openapi';

const SPEC_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.documented.yml'];

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

/** The description file and the folder whose LICENSE / SOURCE.md / git history describe it. */
function locate(input: string): { spec: string; folder?: string } {
  const path = resolve(input);
  if (!existsSync(path)) throw new UsageError(`${input} does not exist`);
  if (!statSync(path).isDirectory()) return { spec: path };
  const name = SPEC_NAMES.find((n) => existsSync(join(path, n)));
  if (!name) throw new UsageError(`${input} holds none of ${SPEC_NAMES.join(', ')}`);
  return { spec: join(path, name), folder: path };
}

function git(folder: string, ...args: string[]): string | undefined {
  const result = spawnSync('git', ['-C', folder, ...args], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

/** Source, commit and date: flags first, then the folder's SOURCE.md, then its git checkout. */
function describeSource(folder: string | undefined, flags: { source?: string; commit?: string; date?: string }): Omit<SourceRecord, 'sha256' | 'version'> {
  const note = folder && existsSync(join(folder, 'SOURCE.md')) ? readFileSync(join(folder, 'SOURCE.md'), 'utf8') : '';
  const noteRepo = /\brepository\s+([\w.-]+\/[\w.-]+)/i.exec(note)?.[1];
  const noteCommit = /\bcommit\s+([0-9a-f]{7,40})\b/i.exec(note)?.[1];
  const noteDate = /\bcommit\s+[0-9a-f]{7,40}\s*\((\d{4}-\d{2}-\d{2})\)/i.exec(note)?.[1];
  const inGit = folder ? git(folder, 'rev-parse', '--is-inside-work-tree') === 'true' : false;
  const commit = flags.commit ?? noteCommit ?? (inGit ? git(folder!, 'rev-parse', 'HEAD') : undefined) ?? 'unknown';
  const date = flags.date ?? noteDate ?? (inGit && !flags.commit && !noteCommit ? git(folder!, 'log', '-1', '--format=%cs') : undefined);
  const source = flags.source ?? (noteRepo ? `https://github.com/${noteRepo}` : undefined) ?? (inGit ? git(folder!, 'remote', 'get-url', 'origin') : undefined) ?? UPSTREAM;
  return { source, commit, ...(date ? { date } : {}) };
}

/** Writes through a temporary file and a rename, so an interrupted update never leaves half a file. */
function writeAtomically(target: string, write: (tmp: string) => void): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    write(tmp);
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const flags = { source: option(args, '--source'), commit: option(args, '--commit'), date: option(args, '--date') };
  const [given] = args;
  if (args.length !== 1 || given === undefined || given.startsWith('--')) {
    throw new UsageError('usage: npm run update:openapi -- <openapi.yaml | folder holding it> [--source URL] [--commit SHA] [--date YYYY-MM-DD]');
  }
  const { spec, folder } = locate(given);
  if (resolve(spec) === VENDORED_SPEC) throw new UsageError(`${given} is the vendored description itself; pass the new one`);

  let parsed: unknown;
  try {
    parsed = parse(readFileSync(spec, 'utf8'), { maxAliasCount: -1 });
  } catch (error) {
    throw new UsageError(`${spec} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const build = buildCatalogue(parsed);
  if (build.rows.length === 0) throw new UsageError(`${spec} has no operations; is it OpenAI's OpenAPI description?`);
  if (build.unplaced.length > 0) {
    throw new UsageError(
      `nothing changed: ${build.unplaced.length} operation(s) of the new description fit no rule of ` +
        `src/core/catalogue/route-classifier.ts; add rules for them and run the command again:\n  ${build.unplaced.join('\n  ')}`,
    );
  }

  const diff = diffCatalogues(ROUTE_ROWS, build.rows);
  const record: SourceRecord = { ...describeSource(folder, flags), sha256: sha256(spec), version: build.version };

  // The description first and the catalogue last: if this stops in between, the catalogue test fails
  // and running the command again finishes the job.
  writeAtomically(VENDORED_SPEC, (tmp) => copyFileSync(spec, tmp));
  if (folder && existsSync(join(folder, 'LICENSE'))) writeAtomically(join(VENDORED_DIR, 'LICENSE'), (tmp) => copyFileSync(join(folder, 'LICENSE'), tmp));
  // The previous SOURCE.md names the previous commit: replace it, or drop it when the update has none.
  if (folder && existsSync(join(folder, 'SOURCE.md'))) writeAtomically(join(VENDORED_DIR, 'SOURCE.md'), (tmp) => copyFileSync(join(folder, 'SOURCE.md'), tmp));
  else rmSync(join(VENDORED_DIR, 'SOURCE.md'), { force: true });
  writeAtomically(VENDORED_NOTICE, (tmp) => writeFileSync(tmp, renderNotice(record)));
  writeAtomically(CATALOGUE_DATA, (tmp) => writeFileSync(tmp, renderCatalogueModule(build)));

  console.log(`update:openapi: vendored ${spec}`);
  console.log(`  source ${record.source} at commit ${record.commit}${record.date ? ` (${record.date})` : ''}`);
  console.log(`  description version ${SPEC_VERSION} → ${build.version}, ${ROUTE_ROWS.length} → ${build.rows.length} operations`);
  if (record.commit === 'unknown') console.log('  the commit is not recorded: pass --commit <sha> to record it');
  console.log(`\n${formatCatalogueDiff(diff)}\n`);
  console.log('Review `git diff`, run `npm test`, and commit third_party/openai-openapi/ with src/core/catalogue/route-catalogue.data.ts.');
}

try {
  main();
} catch (error) {
  console.error(`update:openapi: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
