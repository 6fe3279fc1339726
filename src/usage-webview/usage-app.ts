/**
 * The Usage panel's page: range and grouping controls, progress with Cancel, problems in words,
 * three charts (each with an aria-label and a visually hidden summary) and the totals table.
 * Reports arrive in parts while pages are read; each one redraws what changed.
 */
import type { CostGrouping, UsageReport, UsageSubjectKind } from '../core/usage/usage-report';
import { RANGE_PRESETS, USAGE_PROTOCOL_VERSION, UsageHostMessage, UsageRangeChoice, assertNeverUsage } from '../protocol/usage-protocol';
import { UsageBridge } from './usage-bridge';
import { UsageChart } from './usage-charts';
import { el, labelled, option } from './usage-dom';
import { SpendSection } from './usage-spend';
import { TotalsTable } from './usage-table';
import { ChartModel, costChart, isEmptyReport, requestChart, tokenChart } from './usage-view-model';

const usd = (v: number): string => `$${v.toFixed(2)}`;
const count = (v: number): string => Math.round(v).toLocaleString('en-US');

interface ChartSlot {
  readonly figure: HTMLElement;
  readonly summary: HTMLElement;
  readonly chart: UsageChart;
}

export class UsageApp {
  private readonly bridge = new UsageBridge((m) => this.onMessage(m));
  private report: UsageReport | undefined;
  private loadId: string | undefined;
  private grouping: CostGrouping = 'project';
  private focusProjectId: string | undefined;

  private readonly rangeSelect = el('select');
  private readonly fromInput = el('input', { type: 'date' });
  private readonly toInput = el('input', { type: 'date' });
  private readonly applyButton = el('button', { type: 'button', class: 'secondary' }, 'Apply');
  private readonly customFields = el('span', { class: 'custom', hidden: '' });
  private readonly groupingSelect = el('select');
  private readonly projectSelect = el('select');
  private readonly kindSelect = el('select');
  private readonly exportButton = el('button', { type: 'button', id: 'export-csv' }, 'Export CSV…');
  private readonly cancelButton = el('button', { type: 'button', id: 'cancel-load', class: 'secondary', hidden: '' }, 'Cancel');
  private readonly progress = el('progress', { id: 'load-progress', hidden: '', 'aria-label': 'Pages read' });
  private readonly status = el('p', { id: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly problems = el('div', { id: 'problems', role: 'alert' });
  private readonly table = new TotalsTable();
  private readonly spend = new SpendSection(this.bridge);
  private controlsRead = false;
  private cost!: ChartSlot;
  private tokens!: ChartSlot;
  private requests!: ChartSlot;

  start(root: HTMLElement): void {
    for (const days of RANGE_PRESETS) this.rangeSelect.append(option(`preset:${days}`, `Last ${days} days`));
    this.rangeSelect.append(option('custom', 'Custom…'));
    this.groupingSelect.append(option('project', 'Project'), option('apiKey', 'API key'));
    this.kindSelect.append(option('apiKey', 'API key'), option('project', 'Project'), option('model', 'Model'));
    this.customFields.append(labelled('range-from', 'From', this.fromInput), labelled('range-to', 'To', this.toInput), this.applyButton);

    this.cost = this.slot('chart-cost', 'Cost per day', 'stackedBars', usd);
    this.tokens = this.slot('chart-tokens', 'Tokens per day by model', 'lines', count);
    this.requests = this.slot('chart-requests', 'Requests per day', 'bars', count);

    const controls = el('div', { class: 'controls', role: 'group', 'aria-label': 'Usage range and grouping' },
      labelled('range', 'Range', this.rangeSelect), this.customFields,
      labelled('grouping', 'Stack cost by', this.groupingSelect),
      labelled('project-filter', 'Project', this.projectSelect),
      this.exportButton, this.cancelButton, this.progress);
    const tableSection = el('section', { 'aria-labelledby': 'totals-heading' },
      el('h2', { id: 'totals-heading' }, 'Totals'), el('div', { class: 'controls' }, labelled('totals-kind', 'Rows per', this.kindSelect)), this.table.element);
    root.classList.remove('loading');
    root.replaceChildren(el('h1', {}, 'Usage and costs'), controls, this.status, this.problems, this.cost.figure, this.tokens.figure, this.requests.figure, tableSection, this.spend.budgetsElement, this.spend.controlsElement);
    this.projectSelect.append(option('', 'All projects'));
    this.wire();
    // Redraw with the new theme's colours when VS Code switches theme (it changes the body's class).
    new MutationObserver(() => this.drawCharts()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.bridge.post({ type: 'ready', protocol: USAGE_PROTOCOL_VERSION });
  }

  private slot(id: string, title: string, style: 'stackedBars' | 'lines' | 'bars', format: (v: number) => string): ChartSlot {
    const plot = el('div', { class: 'plot', role: 'img', 'aria-label': title, 'aria-describedby': `${id}-summary` });
    const summary = el('p', { id: `${id}-summary`, class: 'visually-hidden' });
    const figure = el('figure', { id, class: 'chart' }, el('figcaption', {}, title), plot, summary);
    const dash = style === 'lines' ? (label: string): number[] | undefined => (label.endsWith(' output') ? [6, 3] : label.endsWith(' cached input') ? [2, 2] : undefined) : undefined;
    return { figure, summary, chart: new UsageChart(plot, { style, format, ...(dash ? { dash } : {}) }) };
  }

  private wire(): void {
    this.rangeSelect.addEventListener('change', () => {
      const custom = this.rangeSelect.value === 'custom';
      this.customFields.hidden = !custom;
      if (!custom) this.load(this.rangeChoice());
    });
    this.applyButton.addEventListener('click', () => {
      if (!this.fromInput.value || !this.toInput.value) {
        this.status.textContent = 'Choose both dates of the custom range.';
        return;
      }
      this.load({ kind: 'custom', from: this.fromInput.value, to: this.toInput.value });
    });
    this.groupingSelect.addEventListener('change', () => {
      this.grouping = this.groupingSelect.value === 'apiKey' ? 'apiKey' : 'project';
      this.projectSelect.disabled = this.grouping !== 'project';
      this.drawCost();
    });
    this.projectSelect.addEventListener('change', () => {
      this.focusProjectId = this.projectSelect.value || undefined;
      this.spend.setFocus(this.focusProjectId);
      this.drawCost();
    });
    this.kindSelect.addEventListener('change', () => this.table.setKind(this.kindSelect.value as Exclude<UsageSubjectKind, 'lineItem'>));
    this.cancelButton.addEventListener('click', () => {
      if (!this.loadId) return;
      void this.bridge.request({ type: 'cancel' }, this.loadId + '-cancel').catch(() => undefined);
      this.bridge.post({ type: 'cancel', requestId: this.loadId });
    });
    this.exportButton.addEventListener('click', () => {
      this.bridge.request({ type: 'exportCsv' }).then((r) => {
        this.status.textContent = r.saved ? `Saved ${r.rows} rows to ${r.fileName ?? 'the file'}.` : 'Export cancelled.';
      }, (error: Error) => {
        this.status.textContent = `Export failed: ${error.message}`;
      });
    });
  }

  private rangeChoice(): UsageRangeChoice {
    const days = Number(this.rangeSelect.value.replace('preset:', ''));
    return { kind: 'preset', days: days === 7 || days === 90 ? days : 30 };
  }

  private load(range: UsageRangeChoice): void {
    if (this.loadId) this.bridge.post({ type: 'cancel', requestId: this.loadId });
    const id = this.bridge.newId('load');
    this.loadId = id;
    this.status.textContent = 'Reading usage and costs…';
    this.cancelButton.hidden = false;
    this.progress.hidden = false;
    this.progress.removeAttribute('value');
    this.bridge.request({ type: 'load', range }, id).catch((error: Error) => this.fail(id, error.message));
  }

  private onMessage(message: UsageHostMessage): void {
    switch (message.type) {
      case 'init':
        this.focusProjectId = message.focusProjectId;
        this.spend.setFocus(message.focusProjectId);
        if (message.range.kind === 'preset') this.rangeSelect.value = `preset:${message.range.days}`;
        document.title = `Usage and costs · ${message.adminKeyName}`;
        this.load(message.range);
        return;
      case 'report':
        if (message.requestId === this.loadId) this.show(message.report);
        return;
      case 'loadFailed':
        this.fail(message.requestId, message.message);
        return;
      case 'reply':
        return;
      case 'protocolError':
        this.status.textContent = `The panel and VS Code disagree: ${message.message}`;
        return;
      default:
        assertNeverUsage(message, 'host message');
    }
  }

  private fail(requestId: string, text: string): void {
    if (requestId !== this.loadId) return;
    this.cancelButton.hidden = true;
    this.progress.hidden = true;
    this.problems.replaceChildren(el('p', { class: 'problem' }, text));
    this.status.textContent = 'Nothing to show.';
  }

  private show(report: UsageReport): void {
    this.report = report;
    const { progress } = report;
    const running = !progress.done && !progress.cancelled;
    this.cancelButton.hidden = !running;
    this.progress.hidden = !running;
    this.progress.max = Math.max(1, progress.pagesRead + progress.pending);
    this.progress.value = progress.pagesRead;
    const days = report.days.length;
    this.status.textContent = running
      ? `Reading… ${progress.pagesRead} page(s) read, ${progress.pending} to go.`
      : progress.cancelled
        ? `Cancelled after ${progress.pagesRead} page(s): what was read so far is shown, days not read are missing.`
        : `${days} days, ${progress.pagesRead} page(s) read.`;
    this.showProblems(report);
    this.updateProjects(report);
    this.drawCharts();
    this.table.update(report.totals);
    // Budgets follow the complete report's keys and projects; OpenAI's controls are read once.
    if (progress.done && !progress.cancelled) {
      this.spend.refreshBudgets();
      if (!this.controlsRead) this.spend.refreshControls();
      this.controlsRead = true;
    }
  }

  private showProblems(report: UsageReport): void {
    const lines = report.problems.map((p) => el('p', { class: 'problem', 'data-kind': p.kind }, p.message));
    if (report.progress.done && report.problems.length === 0 && isEmptyReport(report)) {
      lines.push(el('p', { class: 'problem', 'data-kind': 'empty' }, 'OpenAI reported no usage and no costs for this range.'));
    }
    this.problems.replaceChildren(...lines);
  }

  private updateProjects(report: UsageReport): void {
    const projects = report.costs.project.map((s) => s.subject);
    const current = this.focusProjectId ?? '';
    const known = new Set(Array.from(this.projectSelect.options).map((o) => o.value));
    if (projects.every((p) => known.has(p.id)) && known.size === projects.length + 1) return;
    this.projectSelect.replaceChildren(option('', 'All projects'), ...projects.map((p) => option(p.id, p.label, p.id === current)));
  }

  private drawCharts(): void {
    if (!this.report) return;
    this.drawCost();
    this.drawSlot(this.tokens, tokenChart(this.report));
    this.drawSlot(this.requests, requestChart(this.report));
  }

  private drawCost(): void {
    if (!this.report) return;
    this.drawSlot(this.cost, costChart(this.report, this.grouping, this.grouping === 'project' ? this.focusProjectId : undefined));
  }

  private drawSlot(slot: ChartSlot, model: ChartModel): void {
    slot.summary.textContent = model.summary;
    slot.chart.draw(model);
  }
}
