// The "Regroup" move of src/ (issue 11), as data plus one import rewriter.
//   node scripts/regroup-imports.mjs --move   git mv every file in MOVES, then rewrite imports
//   node scripts/regroup-imports.mjs          rewrite only: fixes a branch that still imports old paths
// Every relative string literal in src/, test/ and scripts/ that resolves to a moved file (or folder) is
// re-relativised; repository-relative mentions ("src/core/redaction.ts") in docs and configs follow too.
// Delete this script once every branch has merged the move.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

/** Old folder or file → new one (repository-relative, no trailing slash). Folders move with everything under them. */
const MOVES = [
  ['src/shared', 'src/protocol'],
  ['src/core/base-url.ts', 'src/core/common/base-url.ts'],
  ['src/core/credential-headers.ts', 'src/core/common/credential-headers.ts'],
  ['src/core/json-check.ts', 'src/core/common/json-check.ts'],
  ['src/core/redaction.ts', 'src/core/common/redaction.ts'],
  ['src/core/text-positions.ts', 'src/core/common/text-positions.ts'],
  ['src/core/user-error.ts', 'src/core/common/user-error.ts'],
  ['src/core/dotenv.ts', 'src/core/keys/dotenv.ts'],
  ['src/core/key-actions.ts', 'src/core/keys/key-actions.ts'],
  ['src/core/key-environment.ts', 'src/core/keys/key-environment.ts'],
  ['src/core/key-format.ts', 'src/core/keys/key-format.ts'],
  ['src/core/key-index.ts', 'src/core/keys/key-index.ts'],
  ['src/core/key-tree-model.ts', 'src/core/keys/key-tree-model.ts'],
  ['src/core/user-only-settings.ts', 'src/core/keys/user-only-settings.ts'],
  ['src/core/permissions.ts', 'src/core/permissions/permission-model.ts'],
  ['src/core/permission-check.ts', 'src/core/permissions/permission-check.ts'],
  ['src/core/permission-probes.ts', 'src/core/permissions/permission-probes.ts'],
  ['src/core/missing-scopes.ts', 'src/core/permissions/missing-scopes.ts'],
  ['src/core/scope-table.ts', 'src/core/permissions/scope-table.ts'],
  ['src/core/send-policy.ts', 'src/core/permissions/send-policy.ts'],
  ['src/core/request-model.ts', 'src/core/requests/request-model.ts'],
  ['src/core/history.ts', 'src/core/requests/history.ts'],
  ['src/core/saved-request-safety.ts', 'src/core/requests/saved-request-safety.ts'],
  ['src/core/export', 'src/core/requests/export'],
  ...['builder-request', 'curl-tools', 'history-cache', 'history-mapping', 'key-summary', 'message-router',
    'remote-images', 'result-view-model', 'saved-request-format', 'builder-runs']
    .map((name) => [`src/vscode/request-builder/${name}.ts`, `src/builder/${name}.ts`]),
  ...['key-vault', 'keys-tree', 'key-prompts', 'permission-picker', 'status-bar', 'workspace-identity']
    .map((name) => [`src/vscode/${name}.ts`, `src/vscode/keys/${name}.ts`]),
  ...['disposable', 'error-handling', 'logger', 'settings', 'services', 'test-hooks', 'test-mode', 'vscode-shim']
    .map((name) => [`src/vscode/${name}.ts`, `src/vscode/common/${name}.ts`]),
  ['src/vscode/request-runner.ts', 'src/vscode/execution/request-runner.ts'],
  ['src/vscode/requests.lazy.ts', 'src/vscode/execution/requests.lazy.ts'],
  ['src/vscode/git-tracking.ts', 'src/vscode/leaks/git-tracking.ts'],
  ['src/vscode/walkthrough.ts', 'src/vscode/walkthrough/walkthrough.ts'],
  ['src/vscode/walkthrough-ids.ts', 'src/vscode/walkthrough/walkthrough-ids.ts'],
];

/** Where an old repository-relative path lives now (itself when it did not move). */
function moved(path) {
  for (const [from, to] of MOVES) {
    if (path === from) return to;
    if (path.startsWith(from + '/')) return to + path.slice(from.length);
  }
  return path;
}

/** Where a current path used to be. */
function previous(path) {
  for (const [from, to] of MOVES) {
    if (path === to) return from;
    if (path.startsWith(to + '/')) return from + path.slice(to.length);
  }
  return path;
}

const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIP = new Set(['.git', 'node_modules', 'dist', '.mutation-build', '.stryker-tmp', '.test-run', 'reports', 'out']);

function walk(dir, test) {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : walk(path, test);
    return test.test(entry.name) ? [path] : [];
  });
}

/** Every path (file or folder) the old tree had, as seen from the current tree plus the move table. */
function existedBefore(oldPath) {
  const now = moved(oldPath);
  if (existsSync(join(ROOT, now))) return true;
  return MOVES.some(([from]) => from === oldPath || from.startsWith(oldPath + '/'));
}

/** The old path a relative specifier names, with the extension it was written without. */
function resolveOld(fromOld, spec) {
  const base = posix.normalize(posix.join(posix.dirname(fromOld), spec));
  for (const suffix of ['.ts', '.mts', '.js', '/index.ts', '']) {
    const candidate = base + suffix;
    const isFile = (() => { const now = join(ROOT, moved(candidate)); return existsSync(now) && statSync(now).isFile(); })();
    if (suffix === '' ? existedBefore(candidate) : isFile) return { target: candidate, suffix };
  }
  return undefined;
}

const MOVING = process.argv.includes('--move');

/** True when the specifier already names a file or folder of the current tree (a merge may mix old and new). */
function resolvesNow(file, spec) {
  const base = join(ROOT, posix.dirname(file), spec);
  return ['', '.ts', '.mts', '.js', '/index.ts'].some((suffix) => existsSync(base + suffix));
}

function rewriteImports(file) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out = text.replace(/(['"`])(\.{1,2}\/[^'"`\n$]*)\1/g, (whole, quote, spec) => {
    if (!MOVING && resolvesNow(file, spec)) return whole;
    const found = resolveOld(previous(file), spec) ?? (MOVING ? undefined : resolveOld(file, spec));
    if (!found) return whole;
    const newTarget = moved(found.target);
    let next = posix.relative(posix.dirname(file), newTarget);
    if (found.suffix) next = next.slice(0, next.length - found.suffix.length);
    if (!next.startsWith('.')) next = './' + next;
    if (spec.endsWith('/') && !next.endsWith('/')) next += '/';
    return next === spec ? whole : quote + next + quote;
  });
  if (out !== text) writeFileSync(join(ROOT, file), out);
  return out !== text;
}

/** Repository-relative mentions in docs, configs and comments: longest old path first. */
function rewriteMentions(file) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  let out = text;
  const sorted = [...MOVES].sort((a, b) => b[0].length - a[0].length);
  for (const [from, to] of sorted) {
    const stem = from.replace(/\.ts$/, '');
    const toStem = to.replace(/\.ts$/, '');
    const escaped = stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const after = from.endsWith('.ts') ? '(?![\\w/-])' : '(?![\\w-])';
    out = out.replace(new RegExp(`(?<![\\w./-])${escaped}${after}`, 'g'), toStem);
  }
  if (out !== text) writeFileSync(join(ROOT, file), out);
  return out !== text;
}

if (MOVING) {
  for (const [from, to] of MOVES) {
    if (!existsSync(join(ROOT, from))) continue;
    execFileSync('mkdir', ['-p', dirname(join(ROOT, to))]);
    execFileSync('git', ['mv', from, to], { cwd: ROOT, stdio: 'inherit' });
  }
}

const code = ['src', 'test', 'scripts'].flatMap((dir) => walk(dir, CODE));
const changed = code.filter(rewriteImports);
const docs = [...walk('.', /\.(md|json|mjs|ts|sh|yml|yaml)$/)]
  .map((path) => path.replace(/^\.\//, ''))
  .filter((path) => !/^(CHANGELOG\.md|package-lock\.json|third_party\/)/.test(path) && !path.endsWith('regroup-imports.mjs'));
const mentioned = docs.filter(rewriteMentions);
console.log(`imports rewritten in ${changed.length} files; path mentions in ${mentioned.length} files`);
