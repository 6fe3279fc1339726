/**
 * What changes in the route catalogue when OpenAI's description is updated: routes added, removed, and
 * reclassified (a new resource group, access, model capability or admin flag changes what a key may do).
 * Used by `npm run update:openapi`; pure, so it is unit-tested without the 3 MB description.
 */
import type { RouteRow } from './route-types';

export interface Reclassification {
  readonly route: string;
  /** Each changed classification field as "field: before → after". */
  readonly changes: readonly string[];
}

export interface CatalogueDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly reclassified: readonly Reclassification[];
  /** Routes whose parameters, body, examples or summary changed but not their classification. */
  readonly otherwiseChanged: readonly string[];
}

/** A route's identity: method, path template and the fixed query some paths carry (`?beta=true`). */
export function routeKey(row: Pick<RouteRow, 'm' | 'p' | 'q'>): string {
  return `${row.m} ${row.p}${row.q ? `?${row.q}` : ''}`;
}

const CLASSIFICATION: readonly { field: 'g' | 'a' | 'c' | 'ad'; label: string }[] = [
  { field: 'g', label: 'group' },
  { field: 'a', label: 'access' },
  { field: 'c', label: 'capability' },
  { field: 'ad', label: 'admin only' },
];

function shown(row: RouteRow, field: 'g' | 'a' | 'c' | 'ad'): string {
  const value = row[field];
  if (field === 'ad') return value ? 'yes' : 'no';
  return value === undefined ? '—' : String(value);
}

export function diffCatalogues(before: readonly RouteRow[], after: readonly RouteRow[]): CatalogueDiff {
  const old = new Map(before.map((row) => [routeKey(row), row]));
  const next = new Map(after.map((row) => [routeKey(row), row]));
  const added = [...next.keys()].filter((key) => !old.has(key));
  const removed = [...old.keys()].filter((key) => !next.has(key));
  const reclassified: Reclassification[] = [];
  const otherwiseChanged: string[] = [];
  for (const [key, row] of next) {
    const was = old.get(key);
    if (!was) continue;
    const changes = CLASSIFICATION.filter(({ field }) => shown(was, field) !== shown(row, field)).map(
      ({ field, label }) => `${label}: ${shown(was, field)} → ${shown(row, field)}`,
    );
    if (changes.length > 0) reclassified.push({ route: key, changes });
    else if (JSON.stringify(was) !== JSON.stringify(row)) otherwiseChanged.push(key);
  }
  return { added: added.sort(), removed: removed.sort(), reclassified, otherwiseChanged };
}

export function isEmptyDiff(diff: CatalogueDiff): boolean {
  return diff.added.length + diff.removed.length + diff.reclassified.length + diff.otherwiseChanged.length === 0;
}

/** The report printed after an update, one route per line. */
export function formatCatalogueDiff(diff: CatalogueDiff): string {
  if (isEmptyDiff(diff)) return 'No route changed.';
  const lines = [
    `${diff.added.length} added, ${diff.removed.length} removed, ${diff.reclassified.length} reclassified, ` +
      `${diff.otherwiseChanged.length} changed otherwise (parameters, body, examples or summary).`,
  ];
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title}:`, ...items.map((item) => `  ${item}`));
  };
  section('Added', diff.added);
  section('Removed', diff.removed);
  section('Reclassified', diff.reclassified.map((r) => `${r.route}  (${r.changes.join('; ')})`));
  section('Changed otherwise', diff.otherwiseChanged);
  return lines.join('\n');
}
