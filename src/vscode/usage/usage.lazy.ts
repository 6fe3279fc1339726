// Usage and costs on the host side, loaded on first use (a separate chunk): the month-to-date spend
// monitor (keys tree, budgets), the spend controls commands, and the service the Usage panel calls.
import type { KeysTreeProvider } from '../keys/keys-tree';
import type { OrgLinksStore } from '../organization/org-links-store';
import { Services } from '../common/services';
import { SpendMonitor } from './spend-monitor';
import { UsageService } from './usage-service';

export { UsageService } from './usage-service';
export { setSpendLimitCommand, showSpendControls } from './spend-commands';

let running: { usage: UsageService; monitor: SpendMonitor } | undefined;

/** Starts the spend monitor once (the first time an admin key is stored); later calls return it. */
export function startUsage(services: Services, links: OrgLinksStore, keysTree: KeysTreeProvider, markOwn: <T extends object>(nodes: T[]) => T[]): { usage: UsageService; monitor: SpendMonitor } {
  if (!running) {
    const usage = new UsageService(services, links);
    running = { usage, monitor: new SpendMonitor(services, usage, links, keysTree, markOwn) };
    running.monitor.start();
  }
  return running;
}

/** The running monitor, if an admin key started it (the integration suite drives its clock through this). */
export function usageRuntime(): { usage: UsageService; monitor: SpendMonitor } | undefined {
  return running;
}
