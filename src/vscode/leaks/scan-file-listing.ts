import * as vscode from 'vscode';
import { GitIgnoreRules } from '../../core/leaks/gitignore';
import { GlobSet } from '../../core/leaks/glob';

export interface ScanListing {
  readonly files: readonly vscode.Uri[];
  readonly excluded: number;
}

/**
 * The files of a folder the scan may read: what `files.exclude` (applied by findFiles) allows, minus
 * the scanner's own excludes and what the folder's .gitignore files ignore. Like VS Code's search
 * (search.useParentIgnoreFiles is off by default), .gitignore files above the folder do not count.
 */
export async function listScanFiles(folder: vscode.WorkspaceFolder, excludes: GlobSet, token: vscode.CancellationToken): Promise<ScanListing> {
  const all = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), undefined, undefined, token);
  const root = folder.uri.path.replace(/\/$/, '');
  const relative = (uri: vscode.Uri): string => uri.path.slice(root.length + 1);
  const candidates = all.filter((uri) => !excludes.matches(relative(uri)));

  const rules = new GitIgnoreRules();
  for (const uri of candidates.filter((u) => u.path.endsWith('/.gitignore'))) {
    if (token.isCancellationRequested) break;
    const rel = relative(uri);
    const bytes = await vscode.workspace.fs.readFile(uri).then((b) => b, () => new Uint8Array());
    rules.add(rel.slice(0, rel.length - '.gitignore'.length), new TextDecoder().decode(bytes));
  }
  const files = candidates.filter((uri) => !rules.ignores(relative(uri)));
  return { files, excluded: all.length - files.length };
}
