// Whether git tracks a file, read from the index on disk: no git process runs, so nothing the
// repository configures (core.fsmonitor, hooks, aliases) can run. No 'vscode' import: unit-tested
// under plain Node against indexes that real git writes.
import { constants } from 'node:fs';
import { lstat, open, readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { GitIndex, indexTracks, parseGitIndex } from '../../core/leaks/git-index';
import { gitFileTarget, gitSearchFolders, indexPathOf, isInsideFolder } from '../../core/leaks/git-location';

/** Larger index files are not read (the Linux kernel's index is about 10 MB). */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export type GitTrackingAnswer =
  | { readonly state: 'tracked' | 'untracked' }
  | { readonly state: 'unknown'; readonly reason: string };

/** Answers for many files of one scan; each index file is read and parsed once. */
export class GitTracking {
  private readonly indexes = new Map<string, Promise<GitIndex>>();

  /** `workspaceFolder` bounds where a `.git` file or symlink may point. */
  async check(filePath: string, workspaceFolder: string): Promise<GitTrackingAnswer> {
    for (const dir of gitSearchFolders(filePath)) {
      const dotGit = path.join(dir, '.git');
      const info = await lstat(dotGit).catch(() => undefined);
      if (!info) continue;
      let gitDir = dotGit;
      if (!info.isDirectory()) {
        const target = info.isFile() ? gitFileTarget(await readSmall(dotGit), dir) : info.isSymbolicLink() ? dotGit : undefined;
        if (!target) return { state: 'unknown', reason: `${dotGit} is neither a folder nor a "gitdir:" file` };
        const [resolved, folder] = await Promise.all([realpath(target).catch(() => undefined), realpath(workspaceFolder).catch(() => workspaceFolder)]);
        if (!resolved || !isInsideFolder(folder, resolved)) return { state: 'unknown', reason: `${dotGit} points outside the workspace folder; it is not followed` };
        gitDir = resolved;
      }
      try {
        const index = await this.index(path.join(gitDir, 'index'));
        const rel = indexPathOf(dir, filePath);
        if (indexTracks(index, rel)) return { state: 'tracked' };
        if (!index.sharedIndex) return { state: 'untracked' };
        // A split index keeps most entries in a shared file; deletions recorded against it are ignored,
        // so a removed file may still count as tracked (the safe side for a leak warning).
        const shared = await this.index(path.join(gitDir, `sharedindex.${index.sharedIndex}`));
        return { state: indexTracks(shared, rel) ? 'tracked' : 'untracked' };
      } catch (error) {
        return { state: 'unknown', reason: `${path.join(gitDir, 'index')}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return { state: 'untracked' };
  }

  private index(file: string): Promise<GitIndex> {
    let cached = this.indexes.get(file);
    if (!cached) {
      cached = readRegularFile(file).then(parseGitIndex);
      this.indexes.set(file, cached);
    }
    return cached;
  }
}

/** True when git tracks the file: a key in it should be treated as leaked. Unknown counts as not tracked. */
export async function isTrackedByGit(filePath: string, workspaceFolder: string): Promise<boolean> {
  return (await new GitTracking().check(filePath, workspaceFolder)).state === 'tracked';
}

/**
 * Reads a regular file, refusing symlinks (O_NOFOLLOW), FIFOs and devices (non-blocking open, then
 * fstat) and oversized files, so a crafted repository cannot make the read hang or exhaust memory.
 */
async function readRegularFile(file: string): Promise<Uint8Array> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_INDEX_BYTES) throw new Error(`larger than ${MAX_INDEX_BYTES / 1048576} MB`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function readSmall(file: string): Promise<string> {
  const info = await lstat(file);
  return info.size > 4096 ? '' : readFile(file, 'utf8');
}
