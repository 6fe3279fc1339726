/** What the workspace scan reads, and how its findings are summed up for the user. Keys appear only masked. */
import { maskKey } from '../keys/key-format';
import { textPositions } from '../common/text-positions';
import { LeakMatch } from './key-patterns';

/** Files larger than this are skipped: keys live in source and config files, not in data dumps. */
export const MAX_SCAN_BYTES = 1024 * 1024;

/** Never scanned, whatever the settings: VCS internals, and the extension's saved requests, which hold no keys by design. */
export const ALWAYS_EXCLUDED = ['**/.git/**', '**/.hg/**', '**/.svn/**', '**/.vscode/openai-requests/**'];

const SNIFF_BYTES = 8000;

/** True when the start of a file holds a NUL byte, as git decides binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, SNIFF_BYTES).indexOf(0) >= 0;
}

export interface FileFinding {
  /** Workspace-relative path. */
  readonly path: string;
  readonly tracked: boolean;
  readonly keys: readonly { readonly line: number; readonly masked: string; readonly confidence: LeakMatch['confidence'] }[];
}

export interface ScanCounts {
  readonly scanned: number;
  readonly skippedBinary: number;
  readonly skippedLarge: number;
  readonly excluded: number;
}

/** One finding per key: its line (1-based) and mask. */
export function toFinding(path: string, tracked: boolean, text: string, matches: readonly LeakMatch[]): FileFinding {
  const positionOf = textPositions(text);
  return { path, tracked, keys: matches.map((m) => ({ line: positionOf(m.start).line + 1, masked: maskKey(m.value), confidence: m.confidence })) };
}

/** The notification: counts, and which files git tracks, since those keys count as leaked. */
export function summaryMessage(findings: readonly FileFinding[], counts: ScanCounts, cancelled: boolean): string {
  const keys = findings.reduce((n, f) => n + f.keys.length, 0);
  const head = cancelled ? `Scan cancelled after ${counts.scanned} file(s)` : `Scanned ${counts.scanned} file(s)`;
  if (keys === 0) return `${head}: no OpenAI keys found.`;
  const tracked = findings.filter((f) => f.tracked);
  let text = `${head}: ${keys} OpenAI key(s) in ${findings.length} file(s).`;
  if (tracked.length) {
    const names = tracked.slice(0, 3).map((f) => f.path).join(', ');
    const more = tracked.length > 3 ? ` and ${tracked.length - 3} more` : '';
    text += ` Tracked by git: ${names}${more}. Treat those keys as leaked and rotate them at platform.openai.com/api-keys.`;
  } else {
    text += ' None of these files is tracked by git.';
  }
  return text;
}

/** The full report for the log: every file, tracked or not, every key masked. */
export function summaryReport(findings: readonly FileFinding[], counts: ScanCounts, cancelled: boolean): string {
  const lines = [
    `${cancelled ? 'Cancelled scan' : 'Scan'}: ${counts.scanned} file(s) read, ${counts.excluded} excluded, ${counts.skippedBinary} binary and ${counts.skippedLarge} over ${MAX_SCAN_BYTES / 1024} KiB skipped.`,
  ];
  for (const f of findings) {
    lines.push(`  ${f.path}${f.tracked ? ' (tracked by git: rotate these keys)' : ''}`);
    for (const k of f.keys) lines.push(`    line ${k.line}: ${k.masked}${k.confidence === 'unmarked' ? ' (possible key)' : ''}`);
  }
  return lines.join('\n');
}
