// The bodies of the key commands, loaded on the first of them (a separate chunk; see scripts/build.mjs).
import type { Services } from '../common/services';
import type { CommandHandlers } from './command-surface';
import { detectPermissionsCommand } from './detect-permissions';
import { ImportCommandId, importCommands } from './import-commands';
import { KeyCommandId, keyCommands } from './key-commands';
import { testKeyCommand } from './test-key';

export type LazyKeyCommandId = KeyCommandId | ImportCommandId | 'openaiConnector.testKey' | 'openaiConnector.detectPermissions';

export function keyCommandHandlers(services: Services): CommandHandlers<LazyKeyCommandId> {
  return { ...keyCommands(services), ...importCommands(services), ...testKeyCommand(services), ...detectPermissionsCommand(services) };
}
