import * as vscode from 'vscode';
import type { MoveKeyTarget } from '../leaks/move-key-action';
import type { Services } from '../services';
import { COMMANDS, CommandCall, CommandHandlers, CommandId, TargetKind } from './command-surface';
import { isOwnNode } from './own-tree-nodes';

/**
 * The one way commands are registered: at activation, with bodies that `load` brings on first use
 * (a lazy chunk, or the request builder). Each call goes through the error wrapper, gets its target
 * only from our own views and its scripted arguments only in test mode, and returns its result only
 * in test mode (see command-surface.ts).
 */
export function registerCommands<Id extends CommandId>(services: Services, ids: readonly Id[], load: () => Promise<CommandHandlers<Id>>): void {
  let loading: Promise<CommandHandlers<Id>> | undefined;
  const handlers = (): Promise<CommandHandlers<Id>> => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  for (const id of ids) {
    const spec: { readonly title: string; readonly target: TargetKind; readonly testOnly?: true } = COMMANDS[id];
    if (spec.testOnly && !services.testMode) continue;
    const body = async (...args: unknown[]): Promise<unknown> => {
      const target = targetOf(spec.target, args[0]);
      const scripted = services.testMode && args.some((a) => a !== undefined);
      if (!services.testMode && target === undefined && args.some((a) => a !== undefined)) {
        services.logger.info('command', `${spec.title}: ignored the caller's arguments (scripted arguments exist only in the test host).`);
      }
      const handler = (await handlers())[id] as (call: CommandCall<Id>) => unknown;
      const result = await handler({ target, script: scripted ? args : undefined } as CommandCall<Id>);
      return services.testMode ? result : undefined;
    };
    services.context.subscriptions.push(vscode.commands.registerCommand(id, services.wrap(spec.title, body)));
  }
}

/** The target our own UI passed, or undefined for anything else (a look-alike, flags, strings). */
function targetOf(kind: TargetKind, arg: unknown): unknown {
  switch (kind) {
    case 'key': {
      const node = isOwnNode(arg) ? (arg as { type?: unknown; record?: { id?: unknown } }) : undefined;
      return node?.type === 'key' && typeof node.record?.id === 'string' ? node.record.id : undefined;
    }
    case 'savedRequest': {
      const uri = isOwnNode(arg) ? (arg as { uri?: unknown }).uri : undefined;
      return uri instanceof vscode.Uri ? uri : undefined;
    }
    case 'leakedKey':
      return leakedKeyTarget(arg);
    case 'none':
      return undefined;
  }
}

/**
 * The quick fix's argument: a place in a document, never a key. Code action arguments may come
 * back as copies, so the shape is checked rather than the identity; the flow still asks the user.
 */
function leakedKeyTarget(arg: unknown): MoveKeyTarget | undefined {
  const a = arg as Partial<Record<keyof MoveKeyTarget, unknown>> | null | undefined;
  if (typeof a !== 'object' || a === null) return undefined;
  if (typeof a.uri !== 'string' || !Number.isInteger(a.line) || !Number.isInteger(a.character)) return undefined;
  return { uri: a.uri, line: a.line as number, character: a.character as number };
}
