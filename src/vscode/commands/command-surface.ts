/**
 * The extension's command surface in one place: every command id, what it accepts from
 * our own views (its target), what it accepts as scripted arguments and what it returns.
 *
 * Scripted arguments (answers that skip a prompt or a confirmation, a secret to store) are honoured
 * only in test mode (src/vscode/common/test-mode.ts). Anyone else who runs a command (another extension,
 * a tasks.json `${command:…}` input, a command: link) gets the interactive flow: its arguments are
 * ignored, except a target that our own tree or code action produced, and nothing is returned.
 * test/unit/command-surface.test.ts checks this map against package.json in both directions.
 */
import type * as vscode from 'vscode';
import type { KeyRecord } from '../../core/keys/key-index';
import type { Permission } from '../../core/permissions/permission-model';
import type { MoveKeyAnswers, MoveKeyResult, MoveKeyTarget } from '../leaks/move-key-action';
import type { ScanArgs, ScanResult } from '../leaks/workspace-scan';
import type { ImportCurlArgs } from '../request-builder/request-builder';
import type { CreateKeyArgs, CreateKeyOutcome } from '../organization/create-workspace-key';
import type { RecommendOutcome } from '../organization/recommend-command';
import type { ReplaceArgs, ReplaceOutcome } from '../organization/revoke-and-replace';
import type { RevokeArgs, RevokeOutcome } from '../organization/revoke-key';
import type { SpendAlert } from '../../core/usage/spend-controls';
import type { SpendControls, SpendControlsArgs, SpendLimitArgs, SpendLimitOutcome } from '../usage/spend-commands';
import type { AddKeyArgs } from './add-key';
import type { UsagePanelState, UsageProbeAction, UsageScope } from '../usage/usage-probe';
import type { OrgKeyTarget, OrgScopeTarget } from './command-arguments';
import type { DetectArgs, DetectOutcome } from './detect-permissions';
import type { ImportDotEnvArgs } from './import-commands';
import type { KeyTestReport } from './test-key';

/** Where a command's target comes from in our own UI. */
export type TargetKind =
  /** A key node of the OpenAI Keys view: the handler gets its key id. */
  | 'key'
  /** An item of the Saved Requests view: the handler gets its file. */
  | 'savedRequest'
  /** The leaked-key quick fix: the handler gets where the key is (never the key). */
  | 'leakedKey'
  /** A key node of the Organization view (its ids), or a key node of the OpenAI Keys view (its key id). */
  | 'orgKey'
  /** An admin-key or project node of the Organization view: the handler gets the admin key id and the project id. */
  | 'orgScope'
  | 'none';

interface CommandSpec {
  /**
   * Only for commands package.json does not contribute (test-only, internal): the others take their
   * title from the manifest, the one place titles live.
   */
  readonly title?: string;
  readonly target: TargetKind;
  /** Registered only in test mode, and not in package.json. */
  readonly testOnly?: true;
  /** Reached only from our own code action, so not in package.json. */
  readonly internal?: true;
}

export const COMMANDS = {
  'openaiConnector.addKey': { target: 'none' },
  'openaiConnector.removeKey': { target: 'key' },
  'openaiConnector.rotateKey': { target: 'key' },
  'openaiConnector.tree.reenterKey': { target: 'key' },
  'openaiConnector.renameKey': { target: 'key' },
  'openaiConnector.setPermissionLevel': { target: 'key' },
  'openaiConnector.setActiveKey': { target: 'key' },
  'openaiConnector.copyMaskedKey': { target: 'key' },
  'openaiConnector.copyKey': { target: 'key' },
  'openaiConnector.importFromEnvironment': { target: 'none' },
  'openaiConnector.importFromDotEnv': { target: 'none' },
  'openaiConnector.testKey': { target: 'key' },
  'openaiConnector.detectPermissions': { target: 'key' },
  'openaiConnector.showLog': { target: 'none' },
  'openaiConnector.refreshKeys': { target: 'none' },
  'openaiConnector.openRequestBuilder': { target: 'key' },
  'openaiConnector.importCurl': { target: 'none' },
  'openaiConnector.clearHistory': { target: 'none' },
  'openaiConnector.runSavedRequest': { target: 'savedRequest' },
  'openaiConnector.tree.openSavedRequest': { target: 'savedRequest' },
  'openaiConnector.scanWorkspace': { target: 'none' },
  'openaiConnector.openTerminalWithKey': { target: 'none' },
  'openaiConnector.openGettingStarted': { target: 'none' },
  'openaiConnector.leaks.moveKey': { title: 'Move Key to OpenAI Connector', target: 'leakedKey', internal: true },
  'openaiConnector.test.terminalEnvironment': { title: 'Terminal Environment Fingerprint', target: 'none', testOnly: true },
  'openaiConnector.refreshOrganization': { target: 'none' },
  'openaiConnector.createWorkspaceKey': { target: 'none' },
  'openaiConnector.revokeKeyAtOpenAI': { target: 'orgKey' },
  'openaiConnector.recommendLeastPrivilege': { target: 'none' },
  'openaiConnector.revokeAndReplace': { target: 'leakedKey' },
  'openaiConnector.linkStoredKey': { target: 'key' },
  'openaiConnector.test.organizationRows': { title: 'Organization Rows', target: 'none', testOnly: true },
  'openaiConnector.showUsage': { target: 'orgScope' },
  'openaiConnector.test.usagePanel': { title: 'Usage Panel Probe', target: 'none', testOnly: true },
  'openaiConnector.setSpendLimit': { target: 'none' },
  'openaiConnector.showSpendControls': { target: 'none' },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

/** A key named by a test: its id, or `{ keyId }` (the first argument of the key commands). */
export type KeyRef = string | { readonly keyId: string; readonly confirmed?: boolean; readonly secret?: string };
export interface Confirmed {
  readonly confirmed?: boolean;
}
export interface OpenTerminalArgs {
  readonly shellPath?: string;
  readonly shellArgs?: string[];
}
export interface OrganizationRows {
  readonly rows: readonly { readonly depth: number; readonly label: string; readonly description: string; readonly contextValue: string }[];
  readonly logDir: string;
}
export interface TerminalFingerprint {
  readonly persistent: boolean;
  readonly variables: Record<string, string>;
}

/** Scripted arguments (test mode only) and the result of each command. */
export interface CommandTypes {
  'openaiConnector.addKey': { script: [args?: AddKeyArgs]; result: KeyRecord };
  'openaiConnector.removeKey': { script: [key?: KeyRef, opts?: Confirmed]; result: void };
  'openaiConnector.rotateKey': { script: [key?: KeyRef, opts?: { secret?: string }]; result: KeyRecord };
  'openaiConnector.tree.reenterKey': { script: [key?: KeyRef, opts?: { secret?: string }]; result: KeyRecord };
  'openaiConnector.renameKey': { script: [key?: KeyRef, opts?: { name?: string }]; result: void };
  'openaiConnector.setPermissionLevel': { script: [key?: KeyRef, opts?: { permission?: Permission }]; result: void };
  'openaiConnector.setActiveKey': { script: [key?: KeyRef]; result: void };
  'openaiConnector.copyMaskedKey': { script: [key?: KeyRef]; result: void };
  'openaiConnector.copyKey': { script: [key?: KeyRef, opts?: Confirmed]; result: void };
  'openaiConnector.importFromEnvironment': { script: [args?: Omit<AddKeyArgs, 'secret'>]; result: KeyRecord };
  'openaiConnector.importFromDotEnv': { script: [args?: ImportDotEnvArgs]; result: KeyRecord };
  'openaiConnector.testKey': { script: [key?: KeyRef]; result: KeyTestReport };
  'openaiConnector.detectPermissions': { script: [key?: KeyRef, opts?: DetectArgs]; result: DetectOutcome };
  'openaiConnector.showLog': { script: []; result: void };
  'openaiConnector.refreshKeys': { script: []; result: void };
  'openaiConnector.openRequestBuilder': { script: [key?: KeyRef]; result: void };
  'openaiConnector.importCurl': { script: [args?: ImportCurlArgs | string]; result: void };
  'openaiConnector.clearHistory': { script: [args?: { confirm?: boolean }]; result: void };
  'openaiConnector.runSavedRequest': { script: [file?: vscode.Uri | { uri: vscode.Uri }]; result: void };
  'openaiConnector.tree.openSavedRequest': { script: [file?: vscode.Uri | { uri: vscode.Uri }]; result: void };
  'openaiConnector.scanWorkspace': { script: [args?: ScanArgs]; result: ScanResult };
  'openaiConnector.openTerminalWithKey': { script: [args?: OpenTerminalArgs]; result: void };
  'openaiConnector.openGettingStarted': { script: []; result: void };
  'openaiConnector.leaks.moveKey': { script: [target?: MoveKeyTarget, answers?: MoveKeyAnswers]; result: MoveKeyResult };
  'openaiConnector.test.terminalEnvironment': { script: []; result: TerminalFingerprint };
  'openaiConnector.refreshOrganization': { script: []; result: void };
  'openaiConnector.createWorkspaceKey': { script: [args?: Partial<CreateKeyArgs>]; result: CreateKeyOutcome };
  /** Scripted: the key by ids (`adminKeyId`, `projectId`, `keyId`) or `storedKeyId`, and the answers. */
  'openaiConnector.revokeKeyAtOpenAI': { script: [key?: Partial<RevokeArgs>, answers?: Partial<RevokeArgs>]; result: RevokeOutcome };
  'openaiConnector.recommendLeastPrivilege': { script: [opts?: { quiet?: boolean }]; result: RecommendOutcome };
  'openaiConnector.revokeAndReplace': { script: [target?: MoveKeyTarget, answers?: Partial<ReplaceArgs>]; result: ReplaceOutcome };
  'openaiConnector.linkStoredKey': { script: [args?: { storedKeyId?: string; remoteKeyId?: string }]; result: string };
  'openaiConnector.test.organizationRows': { script: []; result: OrganizationRows };
  /** Scripted: the admin key and project to open with. */
  'openaiConnector.showUsage': { script: [scope?: UsageScope]; result: void };
  'openaiConnector.test.usagePanel': { script: [action?: UsageProbeAction]; result: UsagePanelState };
  'openaiConnector.setSpendLimit': { script: [args?: Partial<SpendLimitArgs>]; result: SpendLimitOutcome };
  'openaiConnector.showSpendControls': { script: [opts?: Partial<SpendControlsArgs>]; result: SpendControls & { added?: SpendAlert } };
}

// The two lists name the same commands (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameIds: Same<CommandId, keyof CommandTypes> = true;
void sameIds;

interface Targets {
  readonly key: string;
  readonly savedRequest: vscode.Uri;
  readonly leakedKey: MoveKeyTarget;
  readonly orgKey: OrgKeyTarget;
  readonly orgScope: OrgScopeTarget;
  readonly none: never;
}

export type TargetOf<Id extends CommandId> = Targets[(typeof COMMANDS)[Id]['target']];
export type ScriptOf<Id extends CommandId> = CommandTypes[Id]['script'];
export type ResultOf<Id extends CommandId> = CommandTypes[Id]['result'];

/** What a handler is called with: a target from our own UI, and scripted arguments in test mode only. */
export interface CommandCall<Id extends CommandId> {
  readonly target: TargetOf<Id> | undefined;
  readonly script: Partial<ScriptOf<Id>> | undefined;
}

export type CommandHandler<Id extends CommandId> = (call: CommandCall<Id>) => Promise<ResultOf<Id> | undefined> | ResultOf<Id> | undefined;
export type CommandHandlers<Id extends CommandId> = { readonly [K in Id]: CommandHandler<K> };

/** The key id a test named, from `'id'` or `{ keyId }`. */
export function scriptedKeyId(key: KeyRef | undefined): string | undefined {
  if (typeof key === 'string') return key;
  return typeof key?.keyId === 'string' ? key.keyId : undefined;
}
