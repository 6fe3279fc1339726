// The bench's CPU profile summary: self time per function, ours only, largest first.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CpuProfile, describeTop, isOurSource, selfTimes } from '../../scripts/bench/profile-summary';

const ROOT = '/repo';
const frame = (functionName: string, url: string, lineNumber = 9) => ({ functionName, url, lineNumber });

const profile: CpuProfile = {
  startTime: 0,
  endTime: 10_000,
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
    { id: 2, callFrame: frame('redactAt', `file://${ROOT}/src/core/redaction.ts`), children: [5] },
    { id: 3, callFrame: frame('parse', `file://${ROOT}/node_modules/openai/x.mjs`) },
    { id: 4, callFrame: frame('', `file://${ROOT}/dist/extension.js`, 0) },
    { id: 5, callFrame: frame('redactAt', `file://${ROOT}/src/core/redaction.ts`) },
  ],
  // Sample i lasts until sample i+1: deltas are the time before each sample, in µs.
  samples: [2, 3, 5, 4, 2, 1],
  timeDeltas: [0, 1000, 2000, 500, 3000, 250],
};

describe('profile summary', () => {
  it('adds self time per function over its nodes, ours only, largest first', () => {
    const times = selfTimes(profile, isOurSource(ROOT), ROOT);
    assert.deepEqual(times.map((t) => [t.fn, t.selfMs]), [
      ['(anonymous) (dist/extension.js:1)', 3],
      ['redactAt (src/core/redaction.ts:10)', 1 + 0.5 + 0.25],
    ]);
    const total = 1 + 2 + 0.5 + 3 + 0.25;
    assert.equal(times[1]!.share, 1.75 / total);
  });

  it('falls back on hit counts when a profile has no samples', () => {
    const hits: CpuProfile = { startTime: 0, endTime: 4000, nodes: [{ id: 1, callFrame: frame('f', `file://${ROOT}/src/a.ts`), hitCount: 3 }, { id: 2, callFrame: frame('g', 'node:fs'), hitCount: 1 }] };
    assert.deepEqual(selfTimes(hits, isOurSource(ROOT), ROOT).map((t) => [t.fn, t.selfMs]), [['f (src/a.ts:10)', 3]]);
  });

  it('names the source line through a source map when one locates the function', () => {
    const locate = (url: string, line: number) => (url.endsWith('/dist/extension.js') ? { url: `file://${ROOT}/src/extension.ts`, line: line + 40 } : undefined);
    assert.deepEqual(selfTimes(profile, isOurSource(ROOT), ROOT, locate).map((t) => t.fn), ['(anonymous) (src/extension.ts:41)', 'redactAt (src/core/redaction.ts:10)']);
  });

  it('describes the top five for a bench row, or says none is ours', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ fn: `f${i}`, selfMs: 7 - i, share: 0.1 }));
    const text = describeTop(many);
    assert.match(text, /^profile, top self time in our code: f0 7\.0 ms \(10\.0%\); /);
    assert.equal(text.split(';').length, 5);
    assert.equal(describeTop([]), 'profile: none of the sampled time is in our code');
  });
});
