import { registerCommands } from '../commands/register-commands';
import type { Services } from '../common/services';

/** Show Usage and Costs: only this stub loads at activation; the panel loads on first use (usage.lazy.ts). */
export function registerUsage(services: Services): void {
  registerCommands(services, ['openaiConnector.showUsage', 'openaiConnector.test.usagePanel'], async () => (await import('./usage-panel.lazy')).usageHandlers(services));
}
