// The CSV of the report now shown: the usage data layer's `usageCsv` (one writer for every export).
import type { UsageReport } from '../../core/usage/usage-report';

export function usageCsvText(_report: UsageReport): string {
  throw new Error('CSV export is not wired yet.');
}
