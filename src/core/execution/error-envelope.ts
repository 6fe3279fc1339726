/** Reading the OpenAI error envelope: {"error": {"message", "type", "param", "code"}}. */

export interface ErrorEnvelope {
  readonly message?: string;
  readonly param?: string;
  readonly code?: string;
  readonly type?: string;
}

/** The `error` object of an OpenAI error body, whether given the body text, the body or the inner object. */
export function errorEnvelope(body: unknown): ErrorEnvelope {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 500) } : {};
    }
  }
  const outer = value as { error?: unknown } | null;
  const inner = (typeof outer?.error === 'object' && outer.error !== null ? outer.error : outer) as Record<string, unknown> | null;
  if (typeof inner !== 'object' || inner === null) return {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  return { message: str(inner.message) ?? (typeof outer?.error === 'string' ? outer.error : undefined), param: str(inner.param), code: str(inner.code), type: str(inner.type) };
}
