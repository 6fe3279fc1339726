// "Is this file tracked by git?" without running git: the index reader against index files that the
// real git writes (versions 2, 3 and 4, split and SHA-256 indexes), the `.git` file and symlink rules,
// and proof that a repository's core.fsmonitor program, which `git ls-files` runs, is never run.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexTracks, parseGitIndex } from '../../src/core/leaks/git-index';
import { gitFileTarget, isInsideFolder } from '../../src/core/leaks/git-location';
import { GitTracking, isTrackedByGit } from '../../src/vscode/leaks/git-tracking';

// git with no user or system config of the machine running the tests.
let home: string;
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' },
  });
}

let root: string;
async function repo(name: string, files: Record<string, string>, ...initArgs: string[]): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  git(dir, 'init', '-q', ...initArgs);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** The paths git itself lists, for comparison. */
const gitListed = (dir: string): string[] => git(dir, 'ls-files', '-z').split('\0').filter(Boolean).sort();
const indexOf = async (dir: string): Promise<ReturnType<typeof parseGitIndex>> => parseGitIndex(await readFile(path.join(dir, '.git', 'index')));

// Many paths that share long prefixes (what version 4 compresses), and names with spaces and non-ASCII.
const TREE: Record<string, string> = {
  '.env': 'A=1\n',
  'README.md': '# r\n',
  'src/app.ts': 'x\n',
  'src/app.test.ts': 'x\n',
  'src/deep/er/still/file.ts': 'x\n',
  'src/deep/er/still/file2.ts': 'x\n',
  'src/deep/other.ts': 'x\n',
  'docs/naïve café.md': 'x\n',
  [`long/${'n'.repeat(200)}/${'m'.repeat(200)}.txt`]: 'x\n',
};

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'occ-git-index-'));
  home = path.join(root, 'home');
  await mkdir(home);
});
after(() => rm(root, { recursive: true, force: true }));

describe('git index reader', () => {
  it('reads a version 2 index exactly as git lists it', async () => {
    const dir = await repo('v2', { ...TREE, 'untracked.txt': 'u\n' });
    git(dir, 'add', ...Object.keys(TREE));
    const index = await indexOf(dir);
    assert.equal(index.version, 2);
    assert.deepEqual([...index.paths].sort(), gitListed(dir));
    assert.equal(indexTracks(index, 'untracked.txt'), false);
  });

  it('reads a version 3 index (intent-to-add sets the extended flags)', async () => {
    const dir = await repo('v3', TREE);
    git(dir, 'add', 'README.md');
    git(dir, 'add', '-N', 'src/app.ts', '.env');
    const index = await indexOf(dir);
    assert.equal(index.version, 3);
    assert.deepEqual([...index.paths].sort(), gitListed(dir));
  });

  it('reads a version 4 index with its path prefix compression', async () => {
    const dir = await repo('v4', TREE);
    git(dir, 'add', '.');
    git(dir, 'update-index', '--index-version', '4');
    const index = await indexOf(dir);
    assert.equal(index.version, 4);
    assert.deepEqual([...index.paths].sort(), gitListed(dir));
    assert.equal(gitListed(dir).length, Object.keys(TREE).length);
  });

  it('reads a version 4 index after a commit wrote the cache-tree extension', async () => {
    const dir = await repo('v4-commit', TREE);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'one');
    git(dir, 'update-index', '--index-version', '4');
    await writeFile(path.join(dir, 'src', 'added-later.ts'), 'x\n');
    git(dir, 'add', 'src/added-later.ts');
    assert.deepEqual([...(await indexOf(dir)).paths].sort(), gitListed(dir));
  });

  it('reads a SHA-256 repository\'s index (32-byte object names)', async () => {
    const dir = await repo('sha256', TREE, '--object-format=sha256');
    git(dir, 'add', '.');
    assert.deepEqual([...(await indexOf(dir)).paths].sort(), gitListed(dir));
  });

  it('follows a split index to its shared index', async () => {
    const dir = await repo('split', TREE);
    git(dir, 'add', '.');
    git(dir, 'update-index', '--split-index');
    await writeFile(path.join(dir, 'later.ts'), 'x\n');
    git(dir, 'add', 'later.ts');
    const index = await indexOf(dir);
    assert.ok(index.sharedIndex, 'git did not write a split index');
    const tracking = new GitTracking();
    for (const file of ['README.md', 'later.ts', 'src/deep/other.ts']) {
      assert.deepEqual(await tracking.check(path.join(dir, file), dir), { state: 'tracked' }, file);
    }
  });

  it('refuses what is not an index, or is cut short, with a reason', async () => {
    assert.throws(() => parseGitIndex(new TextEncoder().encode('not an index at all')), /DIRC/);
    const dir = await repo('truncated', TREE);
    git(dir, 'add', '.');
    const bytes = await readFile(path.join(dir, '.git', 'index'));
    assert.throws(() => parseGitIndex(bytes.subarray(0, bytes.length - 100)), /truncated|checksum|past the end|terminated|padding/);
    const badVersion = Buffer.from(bytes);
    badVersion.writeUInt32BE(7, 4);
    assert.throws(() => parseGitIndex(badVersion), /version 7/);
  });
});

describe('git tracking without git', () => {
  it('answers tracked, untracked and outside any repository', async () => {
    const dir = await repo('answers', { ...TREE, 'notes.txt': 'n\n' });
    git(dir, 'add', '.env', 'src');
    assert.equal(await isTrackedByGit(path.join(dir, '.env'), dir), true);
    assert.equal(await isTrackedByGit(path.join(dir, 'src', 'deep', 'other.ts'), dir), true);
    assert.equal(await isTrackedByGit(path.join(dir, 'notes.txt'), dir), false);
    const plain = path.join(root, 'plain');
    await mkdir(plain);
    await writeFile(path.join(plain, '.env'), 'A=1\n');
    assert.deepEqual(await new GitTracking().check(path.join(plain, '.env'), plain), { state: 'untracked' });
  });

  it('reads the index of a repository above the workspace folder (a subfolder opened alone)', async () => {
    const dir = await repo('parent', TREE);
    git(dir, 'add', '.');
    assert.equal(await isTrackedByGit(path.join(dir, 'src', 'deep', 'other.ts'), path.join(dir, 'src')), true);
  });

  it('never runs the repository\'s core.fsmonitor program, which git ls-files runs', async () => {
    const dir = await repo('fsmonitor', TREE);
    git(dir, 'add', '.');
    const marker = path.join(root, 'fsmonitor-ran');
    git(dir, 'config', 'core.fsmonitor', `touch '${marker}'; false`);
    // The attack is live: git itself runs the program.
    git(dir, 'ls-files', '--error-unmatch', '--', '.env');
    assert.ok(existsSync(marker), 'the fixture does not reproduce the attack with git');
    await rm(marker);

    assert.equal(await isTrackedByGit(path.join(dir, '.env'), dir), true);
    assert.equal(await isTrackedByGit(path.join(dir, 'nope.txt'), dir), false);
    assert.equal(existsSync(marker), false, 'the fsmonitor program ran');
  });

  it('follows a "gitdir:" file only inside the workspace folder', async () => {
    const inside = await repo('separate', TREE, '--separate-git-dir', path.join(root, 'separate', 'gitdata'));
    git(inside, 'add', '.env');
    assert.match(readFileSync(path.join(inside, '.git'), 'utf8'), /^gitdir: /);
    assert.equal(await isTrackedByGit(path.join(inside, '.env'), inside), true);

    const outside = await repo('separate-out', TREE, '--separate-git-dir', path.join(root, 'elsewhere-gitdata'));
    git(outside, 'add', '.env');
    const answer = await new GitTracking().check(path.join(outside, '.env'), outside);
    assert.equal(answer.state, 'unknown');
    assert.match(answer.state === 'unknown' ? answer.reason : '', /outside the workspace folder/);
  });

  it('does not follow a worktree\'s "gitdir:" into the main repository outside the folder', async () => {
    const main = await repo('main-repo', TREE);
    git(main, 'add', '.');
    git(main, 'commit', '-q', '-m', 'one');
    const worktree = path.join(root, 'a-worktree');
    git(main, 'worktree', 'add', '-q', worktree);
    assert.equal((await new GitTracking().check(path.join(worktree, '.env'), worktree)).state, 'unknown');
  });

  it('follows a symlinked .git only inside the workspace folder', async () => {
    const dir = await repo('linked-src', TREE);
    git(dir, 'add', '.env');
    const inside = path.join(root, 'linked-in');
    await mkdir(inside);
    await writeFile(path.join(inside, '.env'), 'A=1\n');
    await symlink(path.join(dir, '.git'), path.join(inside, '.git'));
    assert.equal((await new GitTracking().check(path.join(inside, '.env'), inside)).state, 'unknown');
    assert.equal((await new GitTracking().check(path.join(inside, '.env'), root)).state, 'tracked');
  });

  it('answers unknown, without hanging, for an index that is a FIFO or garbage', async () => {
    const fifo = path.join(root, 'fifo-repo');
    await mkdir(path.join(fifo, '.git'), { recursive: true });
    execFileSync('mkfifo', [path.join(fifo, '.git', 'index')]);
    assert.equal((await new GitTracking().check(path.join(fifo, 'a.txt'), fifo)).state, 'unknown');
    const junk = path.join(root, 'junk-repo');
    await mkdir(path.join(junk, '.git'), { recursive: true });
    await writeFile(path.join(junk, '.git', 'index'), 'DIRC\0\0\0\x02\0\0\0\x05garbage');
    assert.equal((await new GitTracking().check(path.join(junk, 'a.txt'), junk)).state, 'unknown');
  });

  it('resolves "gitdir:" targets and folder containment', () => {
    assert.equal(gitFileTarget('gitdir: ../.git/modules/sub\n', '/w/sub'), '/w/.git/modules/sub');
    assert.equal(gitFileTarget('gitdir: /abs/dir', '/w'), '/abs/dir');
    assert.equal(gitFileTarget('nothing here', '/w'), undefined);
    assert.equal(isInsideFolder('/w', '/w'), true);
    assert.equal(isInsideFolder('/w', '/w/.git/x'), true);
    assert.equal(isInsideFolder('/w', '/w2/x'), false);
    assert.equal(isInsideFolder('/w', '/x'), false);
  });
});

describe('no process runs from the extension', () => {
  it('no file under src/ starts a process (child_process, worker threads, cluster)', () => {
    const src = path.join(__dirname, '..', '..', 'src');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f));
    const offenders = files.filter((f) => /['"](node:)?(child_process|worker_threads|cluster)['"]/.test(readFileSync(path.join(src, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
