/** "last used 3 h ago" / "never used": short, for tree descriptions. */

const UNITS: readonly [number, string][] = [[365 * 86400, 'y'], [30 * 86400, 'mo'], [7 * 86400, 'w'], [86400, 'd'], [3600, 'h'], [60, 'min']];

/** Seconds ago → "3 h ago", "just now". */
export function ago(unixSeconds: number, nowMs = Date.now()): string {
  const seconds = Math.max(0, Math.floor(nowMs / 1000 - unixSeconds));
  for (const [size, unit] of UNITS) if (seconds >= size) return `${Math.floor(seconds / size)} ${unit} ago`;
  return 'just now';
}

export function lastUsed(unixSeconds: number | null, nowMs = Date.now()): string {
  return unixSeconds === null ? 'never used' : `last used ${ago(unixSeconds, nowMs)}`;
}

/** "2026-11-30" */
export function day(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}
