/**
 * The panel's charts, drawn by uPlot (canvas; no network, no injected styles: it sets styles through
 * the CSSOM, which the CSP allows). Colours come from VS Code's theme variables, read when a chart is
 * built, so light, dark and high-contrast themes each get their own. Missing days are null: uPlot
 * draws them as gaps (no bar, a broken line), never as zero.
 */
import uPlot from 'uplot';
import type { ChartModel } from './usage-view-model';

const PALETTE = [
  '--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple',
  '--vscode-charts-red', '--vscode-charts-yellow', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiMagenta',
];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#11a8cd', '#bc3fbc'];

function themeColour(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

export function seriesColour(index: number): string {
  const i = index % PALETTE.length;
  return themeColour(PALETTE[i] ?? PALETTE[0] ?? '', FALLBACK[i] ?? '#3794ff');
}

export type ChartStyle = 'stackedBars' | 'lines' | 'bars';

export interface ChartOptions {
  readonly style: ChartStyle;
  readonly format: (value: number) => string;
  /** Line dashes per series (e.g. output dashed beside input). */
  readonly dash?: (label: string) => number[] | undefined;
}

/** One chart in its figure: rebuilt when its series change, resized with its container. */
export class UsageChart {
  private plot: uPlot | undefined;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(private readonly host: HTMLElement, private readonly options: ChartOptions) {
    this.resize.observe(host);
  }

  draw(model: ChartModel): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.host.dataset.series = String(model.series.length);
    this.host.dataset.points = String(model.series.reduce((a, s) => a + s.own.filter((v) => v !== null).length, 0));
    if (model.series.length === 0 || model.days.length === 0) return;
    // Stacked layers are drawn top first, so each lower (shorter) layer stays visible in front.
    const ordered = this.options.style === 'stackedBars' ? [...model.series].reverse() : [...model.series];
    const colourIndex = new Map(model.series.map((s, i) => [s.label, i]));
    const foreground = themeColour('--vscode-foreground', '#cccccc');
    const grid = themeColour('--vscode-editorWidget-border', '#454545');
    const bars = this.options.style !== 'lines' ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined;
    const opts: uPlot.Options = {
      width: this.width(),
      height: 240,
      scales: { x: { time: true } },
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: 'Day', value: (_u, v) => (v === null ? '' : new Date(v * 1000).toISOString().slice(0, 10)) },
        ...ordered.map((s): uPlot.Series => {
          const colour = seriesColour(colourIndex.get(s.label) ?? 0);
          const own = s.own;
          const dash = this.options.dash?.(s.label);
          return {
            label: s.label,
            stroke: colour,
            width: this.options.style === 'lines' ? 1.5 : 1,
            ...(bars ? { paths: bars, fill: colour } : {}),
            ...(dash ? { dash } : {}),
            points: { show: false },
            spanGaps: false,
            // The legend shows the layer's own value for the hovered day, or that it is missing.
            value: (_u, _v, _si, idx) => {
              if (idx === null || idx === undefined) return '–';
              const v = own[idx] ?? null;
              return v === null ? 'missing' : this.options.format(v);
            },
          };
        }),
      ],
      axes: [
        { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
        { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, size: 70, values: (_u, splits) => splits.map((v) => this.options.format(v)) },
      ],
    };
    const data: uPlot.AlignedData = [model.days as number[], ...ordered.map((s) => s.values as (number | null)[])];
    this.plot = new uPlot(opts, data, this.host);
  }

  dispose(): void {
    this.resize.disconnect();
    this.plot?.destroy();
  }

  private width(): number {
    return Math.max(320, Math.floor(this.host.clientWidth || 640));
  }

  private fit(): void {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 4) this.plot.setSize({ width: this.width(), height: 240 });
  }
}
