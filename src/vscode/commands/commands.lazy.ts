// The bodies of the key commands, loaded on the first command (a separate chunk; see scripts/build.mjs).
import { CommandHandler, Services } from '../services';
import { defineDetectPermissions } from './detect-permissions';
import { defineImportCommands } from './import-commands';
import { defineKeyCommands } from './key-commands';
import { defineTestKey } from './test-key';

export function commandHandlers(services: Services): Map<string, CommandHandler> {
  const handlers = new Map<string, CommandHandler>();
  const define = (id: string, _title: string, handler: CommandHandler): void => {
    handlers.set(id, handler);
  };
  defineKeyCommands(services, define);
  defineImportCommands(services, define);
  defineTestKey(services, define);
  defineDetectPermissions(services, define);
  return handlers;
}
