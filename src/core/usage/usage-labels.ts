/**
 * Names for the ids in a usage report: a stored key's vault name (through the Organization view's
 * links), else OpenAI's redacted value; a project's name. Never a key value.
 */
import type { ProjectWithKeys } from '../admin/admin-types';
import type { OrgLinks } from '../admin/org-links';
import type { UsageLabels } from './usage-accumulator';
import type { DailySeries, UsageReport, UsageSubject } from './usage-report';

export function usageLabels(org: readonly ProjectWithKeys[], links: OrgLinks, storedNames: ReadonlyMap<string, string>): UsageLabels {
  const projects = new Map(org.map((p) => [p.project.id, p.project.name] as const));
  const keys = new Map<string, { label: string; storedKeyId?: string }>();
  for (const p of org) {
    for (const k of p.keys) keys.set(k.id, { label: k.redactedValue || k.name || k.id });
  }
  for (const link of Object.values(links)) {
    const name = storedNames.get(link.storedKeyId);
    if (name) keys.set(link.remoteKeyId, { label: name, storedKeyId: link.storedKeyId });
  }
  return { projects, keys };
}

/** The same report under (newer) labels: the organization listing may arrive after the first pages. */
export function relabel(report: UsageReport, labels: UsageLabels): UsageReport {
  const subject = (s: UsageSubject): UsageSubject => {
    if (s.kind === 'project') {
      const name = labels.projects?.get(s.id);
      return name ? { ...s, label: name } : s;
    }
    if (s.kind !== 'apiKey') return s;
    const known = labels.keys?.get(s.id);
    return known ? { kind: s.kind, id: s.id, label: known.label, ...(known.storedKeyId ? { storedKeyId: known.storedKeyId } : {}) } : s;
  };
  const series = (list: readonly DailySeries[]): DailySeries[] => list.map((x) => ({ ...x, subject: subject(x.subject) }));
  return {
    ...report,
    costs: { project: series(report.costs.project), apiKey: series(report.costs.apiKey) },
    totals: report.totals.map((r) => ({ ...r, subject: subject(r.subject) })),
  };
}
