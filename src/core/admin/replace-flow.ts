/**
 * Revoke and Replace, the pure part: the steps in order, what is done, and the stated state a failure
 * leaves ("the replacement is stored and active; the leaked key is not revoked yet"). The state holds
 * ids only, never a key value, so it can be kept for Resume.
 */

export const REPLACE_STEPS = ['mint', 'store', 'activate', 'revoke', 'replace'] as const;
export type ReplaceStep = (typeof REPLACE_STEPS)[number];

export const STEP_LABELS: Readonly<Record<ReplaceStep, string>> = {
  mint: 'Mint a replacement with the same scopes',
  store: 'Store it in VS Code\'s secret storage',
  activate: 'Make it active where the leaked key was active',
  revoke: 'Revoke the leaked key at OpenAI',
  replace: 'Replace the key in the file with the environment lookup',
};

export interface ReplaceState {
  /** Where the leak is: the file and position, and the leaked key's last four (never the value). */
  readonly uri: string;
  readonly line: number;
  readonly character: number;
  readonly leakedLast4: string;
  readonly adminKeyId: string;
  readonly projectId: string;
  /** The leaked key at OpenAI. */
  readonly leakedRemoteKeyId: string;
  readonly leakedName: string;
  /** The stored copy of the leaked key, if the vault has one. */
  readonly leakedStoredKeyId?: string;
  readonly scopes: readonly string[];
  readonly replacementName: string;
  readonly done: readonly ReplaceStep[];
  /** Set by the mint step (the value itself goes straight to the store step). */
  readonly serviceAccountId?: string;
  readonly replacementRemoteKeyId?: string;
  readonly replacementKeyId?: string;
}

export function nextStep(state: ReplaceState): ReplaceStep | undefined {
  return REPLACE_STEPS.find((s) => !state.done.includes(s));
}

export function withDone(state: ReplaceState, step: ReplaceStep, patch: Partial<ReplaceState> = {}): ReplaceState {
  return { ...state, ...patch, done: [...state.done.filter((s) => s !== step), step] };
}

/** A minted value lives only in memory until stored: if storing fails, the mint is undone and both steps run again. */
export function withMintUndone(state: ReplaceState): ReplaceState {
  const { serviceAccountId: _a, replacementRemoteKeyId: _b, ...rest } = state;
  return { ...rest, done: state.done.filter((s) => s !== 'mint' && s !== 'store') };
}

/** The state in words, for the message that offers Resume. */
export function describeReplaceState(state: ReplaceState): string {
  const has = (s: ReplaceStep): boolean => state.done.includes(s);
  const parts: string[] = [];
  if (!has('store')) parts.push('no replacement is stored yet');
  else parts.push(`the replacement '${state.replacementName}' is stored${has('activate') ? ' and active' : ' but not active yet'}`);
  parts.push(has('revoke') ? `the leaked key '${state.leakedName}' is revoked` : `the leaked key '${state.leakedName}' is not revoked yet`);
  parts.push(has('replace') ? 'the file reads the environment' : 'the key is still in the file');
  return parts.join('; ');
}
