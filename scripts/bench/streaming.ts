/**
 * 3. Streaming: a 10,000-event Responses stream through the extension's path, batched into webview
 * messages (StreamBatcher inside BuilderRuns, each message serialised), against a bare SDK
 * `for await` loop on the same mock. Every event is counted on both sides.
 */
import type { HostMessage } from '../../src/protocol/protocol';
import { extensionPath, jsonRequest, sameSdk } from './extension-path';
import { Row, collectGarbage, interleave, median, ratioRow, timingRow } from './measure';
import { startMockProcess } from './mock-process';
import { REPO_ROOT } from './bundle-budget';
import { explainMiss } from './profile-summary';

const SECTION = '3. Streaming';
const BODY = { model: 'gpt-4o-mini', input: 'Count.', stream: true } as const;

interface StreamSample {
  readonly firstEventMs: number;
  /** Extension only: the first batch posted to the page. */
  readonly firstPostMs?: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly events: number;
  readonly messages?: number;
}

export async function benchStreaming(opts: { rounds: number; events: number }): Promise<Row[]> {
  const mock = await startMockProcess(opts.events);
  try {
    const ours = await extensionPath(mock.baseUrl);
    const bare = new (await sameSdk()).OpenAI({ apiKey: ours.secret, baseURL: mock.baseUrl });
    const request = jsonRequest('POST', '/responses', BODY, true);

    const cpuSince = (c0: NodeJS.CpuUsage): number => {
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    const oursOnce = async (): Promise<StreamSample> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let firstEvent: number | undefined;
      let firstPost: number | undefined;
      let seen = 0;
      let posted = 0;
      let messages = 0;
      let lastTotal = 0;
      let reported: number | undefined;
      await ours.send(request, {
        onEvent: () => {
          seen++;
          firstEvent ??= performance.now();
        },
        onPost: (message: HostMessage) => {
          if (message.type !== 'run') return;
          if (message.event.kind === 'events') {
            firstPost ??= performance.now();
            posted += message.event.events.length;
            lastTotal = message.event.total;
            messages++;
          } else if (message.event.kind === 'done' && message.event.result.body.kind === 'stream') {
            reported = message.event.result.body.events;
          }
        },
      });
      const ms = performance.now() - t0;
      const cpuMs = cpuSince(c0);
      if (posted !== seen || lastTotal !== seen || reported !== seen) throw new Error(`events lost: runner saw ${seen}, posted ${posted} (last total ${lastTotal}), result says ${reported}`);
      return { firstEventMs: (firstEvent ?? NaN) - t0, firstPostMs: (firstPost ?? NaN) - t0, ms, cpuMs, events: seen, messages };
    };
    const bareOnce = async (): Promise<StreamSample> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      let first: number | undefined;
      let events = 0;
      const stream = await bare.responses.create(BODY);
      for await (const event of stream) {
        first ??= performance.now();
        events++;
        void event;
      }
      return { firstEventMs: (first ?? NaN) - t0, ms: performance.now() - t0, cpuMs: cpuSince(c0), events };
    };

    await oursOnce();
    await bareOnce();
    await mock.reset();
    collectGarbage();
    const { ours: o, base: b } = await interleave(opts.rounds, async () => {
      const s = await oursOnce();
      collectGarbage();
      return s;
    }, async () => {
      const s = await bareOnce();
      collectGarbage();
      return s;
    });
    await mock.reset();

    const counts = new Set([...o, ...b].map((s) => s.events));
    if (counts.size !== 1) throw new Error(`event counts differ between runs: ${[...counts].join(', ')}`);
    const events = [...counts][0]!;
    const lost = `${events} events on each side, none lost; ${median(o.map((s) => s.messages ?? 0))} webview messages`;
    return [
      await explainMiss(timingRow(SECTION, `Total time, ${opts.events.toLocaleString('en')}-delta stream`, o, b, 1.15, lost), REPO_ROOT, () => oursOnce(), 'each event is also viewed, batched, scrubbed by post and serialised for the page (what VS Code does with every message), work the bare loop does not have; the deltas arrive faster than a model sends them'),
      ratioRow(SECTION, 'Time to first event (host)', o.map((s) => s.firstEventMs), b.map((s) => s.firstEventMs), 'ms', 1.15),
      ratioRow(SECTION, 'Time to first batch posted to the webview', o.map((s) => s.firstPostMs ?? NaN), b.map((s) => s.firstEventMs), 'ms', 1.15, 'baseline: first event of the bare loop'),
    ];
  } finally {
    await mock.close();
  }
}
