/**
 * Where a file's git index may be read from, decided without running git. A `.git` directory at or
 * above the file is read in place. A `.git` that is a file (`gitdir: <path>`, as in worktrees and
 * submodules) or a symlink names a directory chosen by the repository itself, so it is followed only
 * when it resolves inside the workspace folder; otherwise the answer is "unknown".
 */
import * as path from 'node:path';

/** The target of a `.git` file (`gitdir: <path>`), resolved against the folder that holds it. */
export function gitFileTarget(text: string, holder: string): string | undefined {
  const m = /^gitdir:[ \t]*(.+?)[ \t]*$/m.exec(text.replace(/^\uFEFF/, ''));
  if (!m || m[1]!.includes('\0')) return undefined;
  return path.resolve(holder, m[1]!);
}

/** True when `target` is `root` or lies below it (both already resolved, symlinks followed). */
export function isInsideFolder(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folders to look in for `.git`, from the file's own folder up to the file system's root. */
export function gitSearchFolders(filePath: string): string[] {
  const folders: string[] = [];
  for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (path.dirname(dir) === dir) return folders;
  }
}

/** The file's path as the index spells it: relative to the work tree, '/'-separated. */
export function indexPathOf(workTree: string, filePath: string): string {
  return path.relative(workTree, path.resolve(filePath)).split(path.sep).join('/');
}
