/**
 * 2. Request overhead: POST /v1/responses through the extension's path (extension-path.ts) against
 * the bare openai SDK call a script would make, on the same loopback mock (its own process),
 * sequentially and 16 at a time. Both sides use the same SDK module, loaded and warmed before measuring.
 */
import type { HostMessage } from '../../src/protocol/protocol';
import { StandInHistory, extensionPath, jsonRequest, sameSdk } from './extension-path';
import { Row, Timing, collectGarbage, interleave, median, timedCpu, timingRow } from './measure';
import { startMockProcess } from './mock-process';
import { REPO_ROOT } from './bundle-budget';
import { explainMiss } from './profile-summary';

const SECTION = '2. Request overhead';
const BODY = { model: 'gpt-4o-mini', input: 'Say hello.' };
const CONCURRENCY = 16;

export async function benchRequests(opts: { rounds: number; perRound: number; concurrentRounds: number }): Promise<Row[]> {
  const mock = await startMockProcess(5);
  try {
    const ours = await extensionPath(mock.baseUrl);
    const bare = new (await sameSdk()).OpenAI({ apiKey: ours.secret, baseURL: mock.baseUrl });
    const request = jsonRequest('POST', '/responses', BODY);
    let failures = 0;
    let doneAt = 0;
    const onPost = (message: HostMessage): void => {
      if (message.type !== 'run' || message.event.kind !== 'done') return;
      doneAt = performance.now();
      if (message.event.result.status !== 200) failures++;
    };
    const oursOnce = (): Promise<void> => ours.send(request, { onPost });
    const bareOnce = async (): Promise<void> => {
      const response = await bare.responses.create(BODY);
      if (response.status !== 'completed') failures++;
    };
    /**
     * Wall time: until the result is posted to the page (what the user waits for; the history write
     * that follows is not waited for). CPU time: everything, history included.
     */
    const timeOurs = async (fn: () => Promise<unknown>): Promise<Timing> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      const cpu = process.cpuUsage(c0);
      return { ms: doneAt - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
    };

    // Warm up: the SDK chunk, the catalogue, connections and the JIT on both sides.
    for (let i = 0; i < 30; i++) {
      await oursOnce();
      await bareOnce();
    }
    await mock.reset();

    const perRequest = async (time: () => Promise<Timing>): Promise<Timing[]> => {
      const times: Timing[] = [];
      for (let i = 0; i < opts.perRound; i++) times.push(await time());
      return times;
    };
    collectGarbage();
    const seq = await interleave(opts.rounds, () => perRequest(() => timeOurs(oursOnce)), () => perRequest(() => timedCpu(bareOnce)));
    await mock.reset();

    const all = (fn: () => Promise<void>) => (): Promise<unknown> => Promise.all(Array.from({ length: CONCURRENCY }, fn));
    for (let i = 0; i < 3; i++) {
      await all(oursOnce)();
      await all(bareOnce)();
    }
    collectGarbage();
    const par = await interleave(opts.concurrentRounds, () => timeOurs(all(oursOnce)), () => timedCpu(all(bareOnce)));
    await mock.reset();

    if (failures) throw new Error(`${failures} requests did not complete with 200`);

    // One part of the extra, alone: the history add and the panel's refresh of its list, 50 entries kept.
    const history = new StandInHistory(() => [ours.secret], (m) => JSON.stringify(m));
    const entry = (i: number) => ({ id: `h${i}`, at: new Date().toISOString(), method: 'POST', path: '/responses', body: JSON.stringify(BODY), headers: {}, outcome: 'completed' as const, status: 200, durationMs: 2, keyId: 'bench-key', keyName: 'bench' });
    for (let i = 0; i < 60; i++) await history.add(entry(i));
    const historyMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await history.add(entry(100 + i));
      historyMs.push(performance.now() - t0);
    }
    const oursSeq = seq.ours.flat();
    const bareSeq = seq.base.flat();
    const reason = 'a loopback round trip is ~1 ms, so 10% is ~100 µs; the real path validates, decides, builds the result view, posts the started and result messages (a quick body needs no headers message) and the history list (once per 50 ms), each scrubbed by post and serialised as VS Code does, and adds to the history (cleaned; its 50 kept entries are stored at most once per 250 ms, not per request)';
    const profiled = (): Promise<unknown> => perRequest(() => timeOurs(oursOnce));
    return [
      await explainMiss(timingRow(SECTION, 'POST /v1/responses, sequential (per request)', oursSeq, bareSeq, 1.1, `wall: until the result is posted to the page; extra ${((median(oursSeq.map((t) => t.ms)) - median(bareSeq.map((t) => t.ms))) * 1000).toFixed(0)} µs per request`), REPO_ROOT, profiled, reason),
      await explainMiss(timingRow(SECTION, `POST /v1/responses, ${CONCURRENCY} concurrent (per batch)`, par.ours, par.base, 1.1, 'wall: until the last result is posted'), REPO_ROOT, () => all(oursOnce)(), `${reason}; 16 at once put all of it on one event loop`),
      { section: SECTION, measure: 'Of which: history write and list refresh, per request', value: median(historyMs) * 1000, unit: 'µs', samples: historyMs.length, note: 'part of the CPU extra above (the sequential wall time ends at the posted result, before it): HistoryStore.add cleans the new entry and the panel posts the list, built once per change; the store write of the 50 kept is deferred (at most once per 250 ms, not measured here)' },
    ];
  } finally {
    await mock.close();
  }
}
