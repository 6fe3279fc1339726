/**
 * A failed costs or usage request, in words the panel shows: the kind, the sources it hit, and for a
 * Missing-scopes 401 the scopes by name. Messages are redacted (no key value ever).
 */
import { AdminApiError } from '../admin/admin-client';
import { decodeMissingScopes } from '../permissions/missing-scopes';
import { redact } from '../common/redaction';
import type { UsageProblem } from './usage-report';

/** Errors that hit every request alike: reading further is pointless. */
export function isFatal(problem: UsageProblem): boolean {
  return problem.kind === 'not-admin-key' || problem.kind === 'invalid-admin-key';
}

export function usageProblem(source: string, error: unknown, knownSecrets: readonly string[] = []): UsageProblem {
  const clean = (text: string): string => redact(text, knownSecrets);
  if (!(error instanceof AdminApiError)) {
    return { source, kind: 'other', message: clean(`Reading ${source} failed: ${error instanceof Error ? error.message : String(error)}`) };
  }
  const said = error.openAIMessage;
  const decoded = said ? decodeMissingScopes(error.status ?? 401, { error: { message: said } }) : undefined;
  if (decoded) {
    const scopes = decoded.scopes.map((s) => s.scope).join(', ');
    return {
      source, kind: 'missing-scopes',
      message: clean(`The admin key may not read ${source}: it lacks ${scopes}. Give the admin key the Usage permission (Read) at platform.openai.com → Organization settings → Admin keys; changes take up to 15 minutes.`),
    };
  }
  switch (error.kind) {
    case 'not-admin-key':
      return { source, kind: 'not-admin-key', message: clean('Usage and costs need an admin key (sk-admin-…, made at platform.openai.com → Organization settings → Admin keys); a project or service account key cannot read them.') };
    case 'missing-rights':
      if (error.status === 403 && said && /admin/i.test(said)) return { source, kind: 'not-admin-key', message: clean(`OpenAI says this is not an admin key: "${said}"`) };
      return { source, kind: 'refused', message: clean(error.message) };
    case 'invalid-admin-key':
      return { source, kind: 'invalid-admin-key', message: clean(error.message) };
    case 'rate-limited':
      return { source, kind: 'rate-limited', message: clean(`${error.message} What was read before is shown.`) };
    case 'network':
      return { source, kind: 'network', message: clean(error.message) };
    case 'refused':
    case 'not-found':
    case 'redirect':
      return { source, kind: 'refused', message: clean(error.message) };
    default:
      return { source, kind: 'other', message: clean(error.message) };
  }
}

/** The same failure from several sources is one problem naming them all. */
export function mergeProblems(problems: readonly UsageProblem[]): UsageProblem[] {
  const merged = new Map<string, UsageProblem>();
  for (const p of problems) {
    const key = `${p.kind}\n${p.message.split(p.source).join('')}`;
    const seen = merged.get(key);
    // Sources in a stable order, whichever request failed first.
    merged.set(key, seen ? { ...seen, source: [...seen.source.split(', '), p.source].sort().join(', ') } : p);
  }
  return [...merged.values()];
}
