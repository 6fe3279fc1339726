import { CommandHandler, Services, registerCommand } from '../services';

/** Commands registered at activation whose bodies load from commands.lazy.ts on first use. */
export const LAZY_COMMANDS: readonly (readonly [id: string, title: string])[] = [
  ['openaiConnector.addKey', 'Add API Key'],
  ['openaiConnector.removeKey', 'Remove API Key'],
  ['openaiConnector.rotateKey', 'Rotate API Key'],
  ['openaiConnector.tree.reenterKey', 'Re-enter Key'],
  ['openaiConnector.renameKey', 'Rename API Key'],
  ['openaiConnector.setPermissionLevel', 'Set Permission Level'],
  ['openaiConnector.setActiveKey', 'Set Active Key for This Workspace'],
  ['openaiConnector.copyMaskedKey', 'Copy Masked Key'],
  ['openaiConnector.copyKey', 'Copy API Key'],
  ['openaiConnector.importFromEnvironment', 'Import Key from Environment'],
  ['openaiConnector.importFromDotEnv', 'Import Key from .env File'],
  ['openaiConnector.testKey', 'Test Key'],
  ['openaiConnector.detectPermissions', 'Detect Permissions'],
];

export function registerLazyCommands(services: Services): void {
  let handlers: Promise<Map<string, CommandHandler>> | undefined;
  const load = (): Promise<Map<string, CommandHandler>> => {
    handlers ??= import('./commands.lazy').then((m) => m.commandHandlers(services), (error: unknown) => {
      handlers = undefined;
      throw error;
    });
    return handlers;
  };
  for (const [id, title] of LAZY_COMMANDS) {
    registerCommand(services, id, title, async (...args: unknown[]) => {
      const handler = (await load()).get(id);
      if (!handler) throw new Error(`No handler for ${id}.`);
      return (handler as (...a: unknown[]) => unknown)(...args);
    });
  }
  registerCommand(services, 'openaiConnector.showLog', 'Show Log', () => services.logger.show());
  registerCommand(services, 'openaiConnector.refreshKeys', 'Refresh Keys', () => services.vault.refresh());
}
