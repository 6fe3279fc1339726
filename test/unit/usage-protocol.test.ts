// The Usage panel's protocol on the host: every valid message passes as typed, thousands of broken
// ones (field by field and at random) are rejected with a typed error and reach no handler, and
// replies carry the type each request calls for.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { USAGE_PROTOCOL_VERSION, UsageHostMessage, rangeOf, utcDay } from '../../src/protocol/usage-protocol';
import { validateUsageMessage } from '../../src/protocol/usage-protocol-validation';
import { UsageHandlers, UsageRouter } from '../../src/vscode/usage/usage-router';
import { rng } from '../fixtures/usage-report-fixture';
import { callInput } from '../../src/vscode/commands/command-arguments';

const VALID: readonly Record<string, unknown>[] = [
  { type: 'ready', protocol: USAGE_PROTOCOL_VERSION },
  { type: 'load', requestId: 'load-1', range: { kind: 'preset', days: 7 } },
  { type: 'load', requestId: 'load-2', range: { kind: 'preset', days: 90 } },
  { type: 'load', requestId: 'load-3', range: { kind: 'custom', from: '2026-02-01', to: '2026-02-28' } },
  { type: 'cancel', requestId: 'load-1' },
  { type: 'exportCsv', requestId: 'x_9' },
  { type: 'budgets', requestId: 'b-1' },
  { type: 'setBudget', requestId: 'b-2', kind: 'key', subjectId: 'key_abc', amount: '$50' },
  { type: 'setBudget', requestId: 'b-3', kind: 'project', subjectId: 'proj_1', amount: '' },
  { type: 'spendControls', requestId: 's-1' },
  { type: 'spendAction', requestId: 's-2', action: 'setLimit', projectId: '' },
  { type: 'spendAction', requestId: 's-3', action: 'addAlert', projectId: 'proj_1' },
];

const REMOVE = Symbol('remove');
const BAD: Readonly<Record<string, readonly unknown[]>> = {
  type: [REMOVE, 1, null, '', 'Load', 'send', '__proto__'],
  protocol: [REMOVE, '1', 1.5, null, Number.NaN, {}],
  requestId: [REMOVE, 1, null, '', 'has space', 'x'.repeat(65), {}, '../x', 'ü', 'a\nb'],
  range: [
    REMOVE, null, 'last 7 days', [], {}, { kind: 'preset' }, { kind: 'preset', days: 14 }, { kind: 'preset', days: '7' },
    { kind: 'preset', days: 7, extra: 1 }, { kind: 'custom', from: '2026-02-01' }, { kind: 'custom', from: '2026-02-30', to: '2026-03-01' },
    { kind: 'custom', from: '2026-03-02', to: '2026-03-01' }, { kind: 'custom', from: '2024-01-01', to: '2026-01-01' },
    { kind: 'custom', from: '01/02/2026', to: '2026-03-01' }, { kind: 'custom', from: 20260101, to: '2026-03-01' }, { kind: 'week' },
  ],
  kind: [REMOVE, null, 'apiKey', 'org', 1, ''],
  subjectId: [REMOVE, '', 'a b', 'x'.repeat(129), 'key/../x', null, 7, 'ü'],
  amount: [REMOVE, null, 50, 'x'.repeat(33), 'a\nb', '\u0000', {}],
  action: [REMOVE, null, 'deleteLimit', 'setlimit', 1],
  projectId: [REMOVE, null, 'a b', 'x'.repeat(129), '../org', 0],
};

function broken(sample: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const copy = { ...sample };
  if (value === REMOVE) delete copy[field];
  else copy[field] = value;
  return copy;
}

function router(): { router: UsageRouter; posted: UsageHostMessage[]; called: string[] } {
  const posted: UsageHostMessage[] = [];
  const called: string[] = [];
  const handlers: UsageHandlers = {
    ready: () => void called.push('ready'),
    load: () => (called.push('load'), { kind: 'accepted' }),
    cancel: () => (called.push('cancel'), { kind: 'cancelled', wasRunning: false }),
    exportCsv: () => (called.push('exportCsv'), { kind: 'exported', saved: true, fileName: 'u.csv', rows: 3 }),
    budgets: () => (called.push('budgets'), { kind: 'budgets', month: '2026-12', rows: [], problems: [] }),
    setBudget: (m) => (called.push('setBudget'), { kind: 'budgetSet', row: { kind: m.kind, subjectId: m.subjectId, label: m.subjectId } }),
    spendControls: () => (called.push('spendControls'), { kind: 'spendControls', owners: [] }),
    spendAction: () => (called.push('spendAction'), { kind: 'spendActionDone', done: false }),
  };
  return { router: new UsageRouter(handlers, (m) => posted.push(m)), posted, called };
}

describe('usage protocol validation', () => {
  it('passes every valid message through, typed and unchanged', () => {
    for (const sample of VALID) {
      const checked = validateUsageMessage(sample);
      assert.ok(checked.ok, `${JSON.stringify(sample)}: ${checked.ok ? '' : checked.message}`);
      assert.deepEqual(checked.message, sample);
    }
  });

  it('rejects each field broken in each way, naming the field', () => {
    let count = 0;
    for (const sample of VALID) {
      for (const field of Object.keys(sample)) {
        for (const value of BAD[field] ?? []) {
          const checked = validateUsageMessage(broken(sample, field, value));
          assert.equal(checked.ok, false, `${sample.type}.${field} = ${String(value)} passed`);
          count++;
        }
      }
      const extra = validateUsageMessage({ ...sample, apiKey: 'x' });
      assert.ok(!extra.ok && extra.code === 'invalid-field' && /unknown property 'apiKey'/.test(extra.message));
    }
    assert.ok(count > 50);
  });

  it('rejects random garbage, and no handler ever runs for it', async () => {
    const random = rng(42);
    const pieces: unknown[] = [null, 0, -1, 'load', 'ready', 'cancel', 'exportCsv', 'setBudget', 'spendAction', 'key', 'setLimit', '', {}, [], true, { kind: 'preset', days: 7 }, 'load-1', '2026-01-01', 1e308];
    const pick = (): unknown => pieces[Math.floor(random() * pieces.length)];
    const { router: r, called } = router();
    await r.receive({ type: 'ready', protocol: USAGE_PROTOCOL_VERSION });
    called.length = 0;
    for (let i = 0; i < 3000; i++) {
      const raw: Record<string, unknown> = {};
      const n = Math.floor(random() * 4);
      for (let j = 0; j < n; j++) raw[String(pick() ?? 'type').slice(0, 12) || 'type'] = pick();
      if (random() < 0.5) raw.type = pick();
      const checked = validateUsageMessage(raw);
      if (!checked.ok) {
        await r.receive(raw);
        continue;
      }
      // A random object that happens to be valid must equal one of the valid shapes exactly.
      assert.ok(['ready', 'load', 'cancel', 'exportCsv', 'budgets', 'spendControls'].includes(checked.message.type));
    }
    for (const raw of [undefined, null, 'ready', 42, [], Object.create({ type: 'ready' }), { type: 'load', requestId: 'a', range: { kind: 'preset', days: 7 }, __proto__: { x: 1 } }]) {
      await r.receive(raw);
    }
    assert.deepEqual(called, [], 'a rejected message reached a handler');
  });

  it('answers nothing but a protocol error before ready, and each request with its own reply type after', async () => {
    const { router: r, posted, called } = router();
    await r.receive({ type: 'load', requestId: 'early', range: { kind: 'preset', days: 7 } });
    assert.deepEqual(called, []);
    assert.equal(posted[0]?.type, 'protocolError');
    assert.equal(posted[0]?.type === 'protocolError' && posted[0].code, 'not-ready');
    await r.receive({ type: 'ready', protocol: 99 });
    assert.equal(r.isReady, false);
    await r.receive({ type: 'ready', protocol: USAGE_PROTOCOL_VERSION });
    await r.receive({ type: 'load', requestId: 'l1', range: { kind: 'preset', days: 30 } });
    await r.receive({ type: 'exportCsv', requestId: 'e1' });
    await r.receive({ type: 'cancel', requestId: 'l1' });
    await r.receive({ type: 'budgets', requestId: 'b1' });
    await r.receive({ type: 'setBudget', requestId: 'b2', kind: 'project', subjectId: 'proj_1', amount: '10' });
    await r.receive({ type: 'spendControls', requestId: 's1' });
    await r.receive({ type: 'spendAction', requestId: 's2', action: 'setLimit', projectId: '' });
    assert.deepEqual(called, ['ready', 'load', 'exportCsv', 'cancel', 'budgets', 'setBudget', 'spendControls', 'spendAction']);
    const replies = posted.filter((m) => m.type === 'reply');
    assert.deepEqual(replies.map((m) => m.type === 'reply' && m.ok && [m.requestId, m.body.kind]), [
      ['l1', 'accepted'], ['e1', 'exported'], ['l1', 'cancelled'], ['b1', 'budgets'], ['b2', 'budgetSet'], ['s1', 'spendControls'], ['s2', 'spendActionDone'],
    ]);
  });

  it('lets the page neither skip a spend confirmation nor send an amount or key with a spend action', async () => {
    for (const extra of [{ confirm: true }, { amountUsd: 5 }, { apiKey: 'x' }, { recipients: ['a@b.c'] }]) {
      const checked = validateUsageMessage({ type: 'spendAction', requestId: 's', action: 'setLimit', projectId: '', ...extra });
      assert.ok(!checked.ok && checked.code === 'invalid-field', JSON.stringify(extra));
    }
  });

  it('turns a handler failure into a failed reply with its message', async () => {
    const posted: UsageHostMessage[] = [];
    const handlers: UsageHandlers = {
      ready: () => undefined, load: () => { throw new Error('no admin key'); }, cancel: () => ({ kind: 'cancelled', wasRunning: false }), exportCsv: () => ({ kind: 'exported', saved: false, rows: 0 }),
      budgets: () => ({ kind: 'budgets', month: '2026-12', rows: [], problems: [] }), setBudget: () => { throw new Error('not a budget'); },
      spendControls: () => ({ kind: 'spendControls', owners: [] }), spendAction: () => ({ kind: 'spendActionDone', done: false }),
    };
    const r = new UsageRouter(handlers, (m) => posted.push(m));
    await r.receive({ type: 'ready', protocol: USAGE_PROTOCOL_VERSION });
    await r.receive({ type: 'load', requestId: 'l1', range: { kind: 'preset', days: 7 } });
    assert.deepEqual(posted, [{ type: 'reply', requestId: 'l1', ok: false, message: 'no admin key' }]);
  });
});

describe('usage ranges', () => {
  const now = Date.UTC(2026, 11, 1, 19, 30) / 1000 * 1000;
  it('ends a preset after today (UTC) and starts it days - 1 before', () => {
    const r = rangeOf({ kind: 'preset', days: 7 }, now);
    assert.deepEqual(r, { startTime: Date.UTC(2026, 10, 25) / 1000, endTime: Date.UTC(2026, 11, 2) / 1000 });
  });
  it('covers both dates of a custom range, and refuses impossible ones', () => {
    assert.deepEqual(rangeOf({ kind: 'custom', from: '2026-02-27', to: '2026-03-01' }, now), { startTime: Date.UTC(2026, 1, 27) / 1000, endTime: Date.UTC(2026, 2, 2) / 1000 });
    assert.equal(rangeOf({ kind: 'custom', from: '2026-03-01', to: '2026-02-27' }, now), undefined);
    assert.equal(utcDay('2026-02-29'), undefined);
    assert.equal(utcDay('2028-02-29'), Date.UTC(2028, 1, 29) / 1000);
  });
});

describe('Show Usage and Costs target', () => {
  const own = new WeakSet<object>();
  const mark = <T extends object>(n: T): T => (own.add(n), n);
  const facts = { testMode: false, isOwnNode: (v: unknown) => typeof v === 'object' && v !== null && own.has(v), isUri: () => false };

  it('takes the admin key and project of our own Organization nodes, and nothing else', () => {
    assert.deepEqual(callInput('orgScope', [mark({ type: 'admin', adminId: 'a1', extra: true })], facts).target, { adminId: 'a1' });
    assert.deepEqual(callInput('orgScope', [mark({ type: 'project', adminId: 'a1', projectId: 'proj_1' })], facts).target, { adminId: 'a1', projectId: 'proj_1' });
    assert.equal(callInput('orgScope', [mark({ type: 'key', adminId: 'a1', projectId: 'p', keyId: 'k' })], facts).target, undefined);
    assert.equal(callInput('orgScope', [{ type: 'admin', adminId: 'a1' }], facts).target, undefined, 'a look-alike from another extension');
    assert.equal(callInput('orgScope', [mark({ type: 'admin', adminId: 1 })], facts).target, undefined);
  });
});
