import * as vscode from 'vscode';
import type { Services } from '../common/services';
import { CallFacts, callInput } from './command-arguments';
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
  const facts: CallFacts = { testMode: services.testMode, isOwnNode, isUri: (v) => v instanceof vscode.Uri };
  const manifest = (services.context.extension?.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } } | undefined)?.contributes?.commands;
  for (const id of ids) {
    const spec: { readonly title?: string; readonly target: TargetKind; readonly testOnly?: true } = COMMANDS[id];
    if (spec.testOnly && !services.testMode) continue;
    // The title the user sees in error messages and the log: package.json's, as in the palette.
    const title = manifest?.find((c) => c.command === id)?.title ?? spec.title ?? id;
    const body = async (...args: unknown[]): Promise<unknown> => {
      const { target, script, ignored } = callInput(spec.target, args, facts);
      if (ignored) services.logger.info('command', `${title}: ignored the caller's arguments (scripted arguments exist only in the test host).`);
      const handler = (await handlers())[id] as (call: CommandCall<Id>) => unknown;
      const result = await handler({ target, script } as CommandCall<Id>);
      return services.testMode ? result : undefined;
    };
    services.context.subscriptions.push(vscode.commands.registerCommand(id, services.wrap(title, body)));
  }
}
