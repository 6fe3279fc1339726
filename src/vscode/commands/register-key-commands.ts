import type { Services } from '../common/services';
import type { LazyKeyCommandId } from './key-commands.lazy';
import { registerCommands } from './register-commands';

const LAZY_KEY_COMMANDS: readonly LazyKeyCommandId[] = [
  'openaiConnector.addKey', 'openaiConnector.removeKey', 'openaiConnector.rotateKey', 'openaiConnector.tree.reenterKey',
  'openaiConnector.renameKey', 'openaiConnector.setPermissionLevel', 'openaiConnector.setActiveKey',
  'openaiConnector.copyMaskedKey', 'openaiConnector.copyKey', 'openaiConnector.importFromEnvironment',
  'openaiConnector.importFromDotEnv', 'openaiConnector.testKey', 'openaiConnector.detectPermissions',
];

/** The key commands (bodies in key-commands.lazy), Show Log and Refresh Keys. */
export function registerKeyCommands(services: Services): void {
  registerCommands(services, LAZY_KEY_COMMANDS, async () => (await import('./key-commands.lazy')).keyCommandHandlers(services));
  registerCommands(services, ['openaiConnector.showLog', 'openaiConnector.refreshKeys'], async () => ({
    'openaiConnector.showLog': () => services.logger.show(),
    'openaiConnector.refreshKeys': () => services.vault.refresh(),
  }));
}
