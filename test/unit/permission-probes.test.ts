// Detect Permissions, pure part: the probe list is safe (every write body is invalid for the official
// schema), answers are read right, the matrix follows, and the runner is bounded and cancellable,
// both with a fake transport and against a small OpenAI-like server on 127.0.0.1.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { RouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import { ROUTE_ROWS } from '../../src/core/catalogue/route-catalogue.data';
import type { JsonValue } from '../../src/core/catalogue/route-types';
import { routeNeeds } from '../../src/core/permissions/permission-check';
import { NOT_PROBED, PROBES, Probe, ProbeResult, ProbeSend, detectMatrix, interpretProbe, runProbes } from '../../src/core/permissions/permission-probes';
import { Access, RESOURCE_GROUPS, ResourceGroup, ResourceGroupId, emptyMatrix } from '../../src/core/permissions/permission-model';
import { loadSpec, requestSchema, resolverFor, schemaErrors } from './catalogue-schema-check';

const catalogue = new RouteCatalogue(ROUTE_ROWS);
const probe = (id: string): Probe => {
  const found = PROBES.find((p) => p.id === id);
  assert.ok(found, `no probe ${id}`);
  return found;
};

function missingScopes(...scopes: string[]): unknown {
  return {
    error: {
      message: `You have insufficient permissions for this operation. Missing scopes: ${scopes.join(', ')}. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  };
}
const INVALID_KEY = { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };

/** Scope names OpenAI uses per group and setting, for the mock server's 401s. */
function scopeFor(group: ResourceGroupId, access: Access): string {
  if (group === 'model-capabilities') return 'model.request';
  if (group === 'models') return 'api.model.read';
  if (group === 'fine-tuning') return `api.fine_tuning.jobs.${access}`;
  return `api.${group.replace(/-/g, '_')}.${access}`;
}

/** True when a JSON body would pass the official schema of its route (a probe must never send one). */
function isValidWriteBody(method: string, path: string, body: unknown): boolean {
  const spec = loadSpec();
  const resolver = resolverFor(spec);
  const template = catalogue.find(method, path)?.route.path ?? path;
  const schemas = ['application/json', 'multipart/'].map((m) => requestSchema(spec, method, template, m)).filter((s) => s !== undefined);
  return schemas.some((s) => schemaErrors(resolver, s, body).length === 0);
}

describe('the probe list', () => {
  it('covers every project group but the shut-down ones, one read and one write probe at most', () => {
    const projectGroups = (RESOURCE_GROUPS as readonly ResourceGroup[]).filter((g) => !g.admin).map((g) => g.id);
    for (const id of projectGroups) {
      const mine = PROBES.filter((p) => p.group === id);
      if (NOT_PROBED[id]) assert.equal(mine.length, 0, id);
      else assert.ok(mine.length >= 1 && mine.length <= 2, `${id} has ${mine.length} probes`);
      assert.ok(mine.filter((p) => p.access === 'read').length <= 1);
    }
    assert.deepEqual(Object.keys(NOT_PROBED).sort(), ['assistants', 'threads']);
    assert.equal(new Set(PROBES.map((p) => p.id)).size, PROBES.length);
  });

  it('uses official routes of the right group: GETs without body for reads, POSTs with a body for the rest', () => {
    for (const p of PROBES) {
      const route = catalogue.find(p.method, p.path)?.route;
      assert.ok(route, `${p.id}: ${p.method} ${p.path} is not in the catalogue`);
      assert.equal(route.group, p.group, p.id);
      assert.equal(route.adminOnly, false, p.id);
      assert.equal(route.shutDown, undefined, p.id);
      if (p.access === 'read') {
        assert.equal(p.method, 'GET', p.id);
        assert.equal(p.body, undefined, p.id);
      } else {
        assert.equal(p.method, 'POST', p.id);
        assert.ok(p.body !== undefined && typeof p.body === 'object', p.id);
        assert.notEqual(route.access, 'read', p.id);
      }
    }
  });

  it('never carries a body the official schema accepts', () => {
    for (const p of PROBES.filter((x) => x.body !== undefined)) {
      assert.equal(isValidWriteBody(p.method, p.path, p.body), false, `${p.id} sends a valid body: ${JSON.stringify(p.body)}`);
    }
    // The checker itself does accept the catalogue's valid examples for the same routes.
    assert.equal(isValidWriteBody('POST', '/fine_tuning/jobs', catalogue.find('POST', '/fine_tuning/jobs')?.route.example), true);
    assert.equal(isValidWriteBody('POST', '/vector_stores', {}), true);
  });
});

describe('interpretProbe', () => {
  it('reads success, 400, 404, 415 and 422 as allowed', () => {
    for (const status of [200, 201, 400, 404, 415, 422]) assert.equal(interpretProbe(probe('files.write'), status, {}).outcome, 'allowed', String(status));
  });

  it('reads a 401 with the probe group missing as denied', () => {
    const r = interpretProbe(probe('files.write'), 401, missingScopes('api.files.write'));
    assert.equal(r.outcome, 'denied');
    assert.equal(r.missing?.scopes[0]?.group, 'files');
    assert.equal(interpretProbe(probe('files.read'), 403, missingScopes('api.files.read')).outcome, 'denied');
    assert.equal(interpretProbe(probe('files.read'), 401, missingScopes('api.unheard_of.read')).outcome, 'denied');
  });

  it('reads a 401 that misses only another group as allowed for the probe group', () => {
    const r = interpretProbe(probe('responses.write'), 401, missingScopes('model.request'));
    assert.equal(r.outcome, 'allowed');
    assert.match(r.detail, /only other groups' scopes missing \(model\.request\)/);
    assert.equal(interpretProbe(probe('responses.write'), 401, missingScopes('api.responses.write', 'model.request')).outcome, 'denied');
  });

  it('stops on an invalid key and leaves 429, 5xx and odd 401s unknown', () => {
    assert.equal(interpretProbe(probe('models.read'), 401, INVALID_KEY).outcome, 'invalid-key');
    for (const [status, body] of [[429, {}], [500, {}], [503, 'upstream'], [401, { error: { message: 'Something else' } }], [403, { error: { message: 'Country not supported' } }]] as const) {
      assert.equal(interpretProbe(probe('models.read'), status, body).outcome, 'unknown', String(status));
    }
  });
});

function result(id: string, outcome: ProbeResult['outcome']): ProbeResult {
  return { probe: probe(id), outcome, detail: 'test' };
}

describe('detectMatrix', () => {
  it('derives each group from its read and write probes', () => {
    const results = PROBES.map((p) => result(p.id, 'denied'));
    const set = (id: string, outcome: ProbeResult['outcome']) => (results[results.findIndex((r) => r.probe.id === id)] = result(id, outcome));
    set('files.read', 'allowed');
    set('vector-stores.read', 'allowed');
    set('vector-stores.write', 'allowed');
    set('model-capabilities.request', 'allowed');
    set('uploads.write', 'allowed');
    set('models.read', 'allowed');
    const d = detectMatrix(results);
    assert.equal(d.matrix.files, 'read');
    assert.equal(d.matrix['vector-stores'], 'write');
    assert.equal(d.matrix['model-capabilities'], 'request');
    assert.equal(d.matrix.uploads, 'write');
    assert.equal(d.matrix.models, 'read');
    assert.equal(d.matrix.batch, 'none');
    assert.equal(d.matrix.realtime, 'none');
    assert.equal(d.matrix.usage, 'none');
    assert.equal(d.matrix.management, 'none');
    assert.deepEqual([...d.unknown].sort(), ['assistants', 'threads']);
    assert.ok(d.notes.some((n) => /^Realtime: has no read route to probe; None may also mean Read\.$/.test(n)));
    assert.ok(d.notes.some((n) => /^Assistants: not probed, the Assistants API was shut down on 2026-08-26\.$/.test(n)));
  });

  it('marks groups unknown when a probe gave no answer, keeping the proven minimum', () => {
    const results = PROBES.map((p) => result(p.id, 'denied'));
    const replace = (id: string, outcome: ProbeResult['outcome']) => (results[results.findIndex((r) => r.probe.id === id)] = result(id, outcome));
    replace('files.read', 'allowed');
    replace('files.write', 'unknown');
    replace('batch.read', 'unknown');
    replace('realtime.write', 'unknown');
    replace('evals.read', 'unknown');
    replace('evals.write', 'allowed');
    const d = detectMatrix(results);
    assert.equal(d.matrix.files, 'read');
    assert.equal(d.matrix.batch, 'none');
    assert.equal(d.matrix.evals, 'write');
    assert.ok(d.unknown.includes('files') && d.unknown.includes('batch') && d.unknown.includes('realtime'));
    assert.ok(!d.unknown.includes('evals'), 'an allowed write settles the group');
    const missing = detectMatrix([]);
    assert.ok(missing.unknown.includes('models') && missing.unknown.includes('files'));
  });

  it('treats a denied read as None even when the write probe gave no answer', () => {
    const d = detectMatrix([result('files.read', 'denied'), result('files.write', 'unknown')]);
    assert.equal(d.matrix.files, 'none');
    assert.ok(!d.unknown.includes('files'));
  });
});

describe('runProbes with a fake transport', () => {
  it('sends every probe once, with bounded concurrency and progress', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: string[] = [];
    const send: ProbeSend = async (method, path, _body, options) => {
      seen.push(`${method} ${path}`);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      if (path.startsWith('/chatkit')) assert.equal(options.headers?.['OpenAI-Beta'], 'chatkit_beta=v1');
      return { status: method === 'GET' ? 200 : 400, body: {} };
    };
    const progress: number[] = [];
    const run = await runProbes(send, { concurrency: 2, onProgress: (done, total) => progress.push(done, total) });
    assert.equal(run.results.length, PROBES.length);
    assert.deepEqual(run.results.map((r) => r.probe.id), PROBES.map((p) => p.id));
    assert.equal(seen.length, PROBES.length);
    assert.ok(maxInFlight <= 2 && maxInFlight >= 1, `max in flight ${maxInFlight}`);
    assert.equal(progress.length, PROBES.length * 2);
    assert.equal(progress[progress.length - 2], PROBES.length);
    assert.equal(run.cancelled, false);
    assert.equal(run.invalidKey, false);
    assert.ok(run.results.every((r) => r.outcome === 'allowed'));
  });

  it('turns transport errors into unknown results', async () => {
    const run = await runProbes(async (_m, path) => {
      if (path === '/models') throw new Error('ECONNRESET');
      return { status: 429, body: {} };
    });
    assert.equal(run.results.find((r) => r.probe.id === 'models.read')?.detail, 'network error: ECONNRESET');
    assert.ok(run.results.every((r) => r.outcome === 'unknown'));
  });

  it('stops launching probes after an invalid-key answer', async () => {
    let calls = 0;
    const run = await runProbes(
      async () => {
        calls++;
        return { status: 401, body: INVALID_KEY };
      },
      { concurrency: 1 },
    );
    assert.equal(calls, 1);
    assert.equal(run.invalidKey, true);
    assert.equal(run.results[0]?.outcome, 'invalid-key');
  });

  it('stops on cancel, passing the signal to the transport', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = await runProbes(
      (_m, _p, _b, options) => {
        calls++;
        assert.equal(options.signal, controller.signal);
        if (calls === 3) controller.abort();
        return new Promise((resolve, reject) => {
          if (options.signal?.aborted) reject(new Error('aborted'));
          else setTimeout(() => resolve({ status: 200, body: {} }), 1);
        });
      },
      { concurrency: 1, signal: controller.signal },
    );
    assert.equal(run.cancelled, true);
    assert.equal(calls, 3);
    assert.equal(run.results.length, 2);
  });
});

describe('runProbes against an OpenAI-like server on 127.0.0.1', () => {
  const secret = 'sk-proj-' + randomBytes(30).toString('base64url');
  /** The restricted key the server enforces: what Detect Permissions must find. */
  const granted: Record<ResourceGroupId, Access> = {
    ...emptyMatrix(),
    models: 'read',
    responses: 'write',
    files: 'read',
    'vector-stores': 'write',
    evals: 'read',
    uploads: 'write',
    videos: 'read',
    containers: 'write',
    skills: 'read',
  };
  const received: { method: string; url: string; body: string; headers: IncomingMessage['headers'] }[] = [];
  let server: Server;
  let baseUrl = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${secret}`) return reply(401, INVALID_KEY);
    const route = catalogue.find(req.method ?? 'GET', req.url ?? '/')?.route;
    if (!route) return reply(404, { error: { message: 'Unknown route' } });
    const rank = { none: 0, read: 1, write: 2, request: 2 } as const;
    const missing = routeNeeds(route)
      .filter((n) => rank[granted[n.group]] < rank[n.access])
      .map((n) => scopeFor(n.group, n.access));
    if (missing.length > 0) return reply(401, missingScopes(...missing));
    if (req.method === 'GET') return req.url?.includes('permission_probe') ? reply(404, { error: { message: 'Not found' } }) : reply(200, { object: 'list', data: [] });
    return reply(400, { error: { message: 'Invalid request body', type: 'invalid_request_error' } });
  };

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
        handle(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const sendWith =
    (key: string): ProbeSend =>
    async (method, path, body: JsonValue | undefined, options) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: response.status, body: parsed };
    };

  it('detects the restricted matrix the server enforces', async () => {
    received.length = 0;
    const run = await runProbes(sendWith(secret), { concurrency: 3 });
    assert.equal(run.invalidKey, false);
    assert.equal(run.results.length, PROBES.length);
    const detected = detectMatrix(run.results);
    for (const group of RESOURCE_GROUPS as readonly ResourceGroup[]) {
      if (group.admin || NOT_PROBED[group.id]) continue;
      assert.equal(detected.matrix[group.id], granted[group.id], `${group.label}: ${run.results.filter((r) => r.probe.group === group.id).map((r) => r.detail).join(' | ')}`);
    }
    assert.deepEqual([...detected.unknown].sort(), ['assistants', 'threads']);
    assert.equal(received.length, PROBES.length);
    assert.ok(received.filter((r) => r.url.startsWith('/v1/chatkit')).every((r) => r.headers['openai-beta'] === 'chatkit_beta=v1'));
    assert.ok(!JSON.stringify(run.results).includes(secret), 'the key must not appear in probe results');
  });

  it('sent no request with a valid write body', () => {
    const writes = received.filter((r) => r.method !== 'GET');
    assert.ok(writes.length >= 10);
    for (const w of writes) {
      const path = w.url.replace(/^\/v1/, '');
      assert.equal(isValidWriteBody(w.method, path, JSON.parse(w.body)), false, `${w.method} ${w.url} carried a valid body: ${w.body}`);
    }
  });

  it('sent only the documented bodies, and nothing but GET and POST', () => {
    for (const r of received) {
      const p = PROBES.find((x) => `/v1${x.path}` === r.url && x.method === r.method);
      assert.ok(p, `unexpected request ${r.method} ${r.url}`);
      assert.equal(r.body === '' ? undefined : r.body, p.body === undefined ? undefined : JSON.stringify(p.body));
    }
  });

  it('stops at once for a wrong key', async () => {
    received.length = 0;
    const wrong = 'sk-proj-' + randomBytes(30).toString('base64url');
    const run = await runProbes(sendWith(wrong), { concurrency: 2 });
    assert.equal(run.invalidKey, true);
    assert.ok(received.length <= 2, `${received.length} requests after an invalid-key answer`);
  });
});
