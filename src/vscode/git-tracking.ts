import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** True when git tracks the file: a key in it should be treated as leaked. False when git is absent. */
export function isTrackedByGit(filePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '--error-unmatch', '--', path.basename(filePath)], { cwd: path.dirname(filePath), timeout: 5000 }, (error) => resolve(!error));
  });
}
