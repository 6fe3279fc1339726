/** Which actions a key offers in the tree: a pure function of its state, so it can be unit-tested. */
import { KeyKind } from './key-format';

export interface KeyItemState {
  readonly kind: KeyKind;
  /** The key is this workspace's own or shared by all workspaces. */
  readonly visibleHere: boolean;
  readonly isActive: boolean;
  readonly missingSecret: boolean;
  readonly openAIBaseUrl: boolean;
}

export type KeyAction = 'apiKey' | 'canSetActive' | 'canSend' | 'canTest' | 'canDetect' | 'canCopy' | 'missingSecret' | 'active';

/** Flags in a stable order; menus match them with `viewItem =~ /\bflag\b/`. */
export function keyActions(state: KeyItemState): KeyAction[] {
  const actions: KeyAction[] = ['apiKey'];
  if (state.missingSecret) return [...actions, 'missingSecret'];
  if (state.isActive) actions.push('active');
  if (state.visibleHere && !state.isActive) actions.push('canSetActive');
  if (state.visibleHere) actions.push('canSend');
  actions.push('canTest');
  if (state.openAIBaseUrl && state.kind !== 'admin') actions.push('canDetect');
  actions.push('canCopy');
  return actions;
}

export function keyContextValue(state: KeyItemState): string {
  return keyActions(state).join(' ');
}
