/**
 * Adapter between error decoding and the "Missing scopes" decoder of the permission model.
 * Gives the message and hint for a 401 that lists missing scopes, or undefined for any other answer.
 */
import { decodeMissingScopes, explain } from '../permissions/missing-scopes';

export interface ScopeExplanation {
  readonly scopes: readonly string[];
  readonly message: string;
  readonly hint: string;
}

/** Explains a "Missing scopes" 401 in words (which group and level to turn on); undefined otherwise. */
export function explainMissingScopes(status: number, body: unknown): ScopeExplanation | undefined {
  const decoded = decodeMissingScopes(status, body);
  if (!decoded) return undefined;
  const scopes = decoded.scopes.map((s) => s.scope);
  return {
    scopes,
    message: `The key lacks the permission this call needs (${status}, missing scope${scopes.length === 1 ? '' : 's'}: ${scopes.join(', ')}).`,
    hint: explain(decoded),
  };
}
