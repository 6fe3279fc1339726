/** The text carried by one streamed event, for the assembled text beside the raw events. */

/**
 * The text delta of a chat.completion.chunk (first choice), a Responses API
 * response.output_text.delta, a legacy text_completion chunk or a transcript delta; '' otherwise.
 */
export function textDelta(event: unknown): string {
  if (typeof event !== 'object' || event === null) return '';
  const e = event as { type?: unknown; delta?: unknown; object?: unknown; choices?: unknown };
  if (e.type === 'response.output_text.delta' || e.type === 'response.refusal.delta' || e.type === 'transcript.text.delta') {
    return typeof e.delta === 'string' ? e.delta : '';
  }
  if (Array.isArray(e.choices) && e.choices.length > 0) {
    const choice = (e.choices as { index?: unknown; delta?: { content?: unknown }; text?: unknown }[]).find((c) => (c.index ?? 0) === 0);
    if (e.object === 'chat.completion.chunk') return typeof choice?.delta?.content === 'string' ? choice.delta.content : '';
    if (e.object === 'text_completion') return typeof choice?.text === 'string' ? choice.text : '';
  }
  return '';
}

/** True for an event that says the stream finished normally (so an abrupt end can be told apart). */
export function isTerminalEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as { type?: unknown; choices?: unknown };
  if (e.type === 'response.completed' || e.type === 'response.incomplete' || e.type === 'response.failed' || e.type === 'transcript.text.done') return true;
  return Array.isArray(e.choices) && (e.choices as { finish_reason?: unknown }[]).some((c) => typeof c.finish_reason === 'string');
}
