// Contract test of what the request builder pre-fills: every route's example request and every
// hand-picked template is built exactly as the builder builds it (request-edit.ts), sent through the
// execution core and the openai SDK to Prism serving OpenAI's official description, and must be
// accepted. Prism answers 422 (with the violations) to a request the description does not allow.
// Needs Node >= 22 (the SDK); Prism takes ~30 s to load the description. Runs as the `contract` stage of
// scripts/test.sh.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadRouteCatalogue, type RouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import type { RouteInfo } from '../../src/core/catalogue/route-types';
import { ClientCache } from '../../src/core/execution/client-cache';
import { executeRequest } from '../../src/core/execution/execute';
import type { BuilderRequest } from '../../src/protocol/protocol';
import { toExecutableRequest, type PickedFile } from '../../src/builder/builder-request';
import { requestForRoute, requestForTemplate } from '../../src/webview/request-edit';
import { TEMPLATES } from '../../src/webview/templates';
import { TINY_PNG_BASE64, FAKE_MP3 } from '../fixtures/mock-openai-server';
import { requireOpenAISpec, startPrism, type PrismServer } from '../fixtures/prism';
import { makeKey } from '../unit/test-keys';

/** Routes whose body the builder cannot pre-fill: the raw SDP offer of a realtime call. */
const NO_PREFILL = new Set(['sdp']);

/** What a user types into the parameter fields, by type. */
function sampleValue(type: string, enumValues?: readonly string[]): string {
  if (enumValues?.length) return enumValues[0] as string;
  if (type === 'integer' || type === 'number') return '1730419200';
  if (type === 'boolean') return 'true';
  return 'abc123';
}

/** Fills the fields the user must fill (path parameters, required query parameters) and picks files. */
function filled(request: BuilderRequest, route: RouteInfo | undefined): BuilderRequest {
  const pathParams: Record<string, string> = {};
  for (const name of Object.keys(request.pathParams)) {
    const param = route?.params.find((p) => p.in === 'path' && p.name === name);
    pathParams[name] = sampleValue(param?.type ?? 'string', param?.enum);
  }
  const query = request.query.map((row) => {
    const param = route?.params.find((p) => p.in === 'query' && p.name === row.name);
    return param?.required && row.value === '' ? { ...row, value: sampleValue(param.type, param.enum) } : row;
  });
  const form = request.form.map((part) => (part.kind === 'file' ? { ...part, file: { fileId: part.name, filename: fileFor(part.name).filename, size: 1 } } : part));
  return { ...request, pathParams, query, form };
}

/** A small file of the kind each file field expects. */
function fileFor(field: string): PickedFile & { filename: string } {
  const bytes = (data: Uint8Array): (() => Promise<Uint8Array>) => async () => data;
  if (/image|mask/.test(field)) return { filename: 'pixel.png', contentType: 'image/png', read: bytes(Buffer.from(TINY_PNG_BASE64, 'base64')) };
  if (/audio|file_audio/.test(field)) return { filename: 'hello.mp3', contentType: 'audio/mpeg', read: bytes(FAKE_MP3) };
  return { filename: 'data.jsonl', contentType: 'application/jsonl', read: bytes(Buffer.from('{"prompt":"hi","completion":"hello"}\n')) };
}

interface Verdict {
  readonly name: string;
  readonly status?: number;
  readonly problem?: string;
}

describe('contract: the builder\'s pre-filled requests against the official description (Prism)', { timeout: 600_000 }, () => {
  let prism: PrismServer;
  let catalogue: RouteCatalogue;
  const clients = new ClientCache();
  const key = makeKey.project();

  before(async () => {
    [prism, catalogue] = await Promise.all([startPrism(requireOpenAISpec(), { timeoutMs: 240_000 }), loadRouteCatalogue()]);
  }, { timeout: 300_000 });

  after(async () => {
    await prism?.stop();
  });

  async function send(name: string, request: BuilderRequest): Promise<Verdict> {
    const executable = await toExecutableRequest(request, (fileId) => fileFor(fileId));
    const run = (): ReturnType<typeof executeRequest> => executeRequest(clients, { keyId: 'contract', secret: key, baseUrl: prism.baseUrl }, executable, { maxRetries: 0, timeoutMs: 60_000 });
    let result = await run();
    // Prism on a loaded machine sometimes resets a connection: no answer says nothing about the
    // contract, so only those are sent again (twice at most); every answer Prism gives is judged.
    for (let retry = 0; retry < 2 && result.status === undefined && result.outcome !== 'cancelled'; retry++) result = await run();
    const status = result.status;
    if (status === 422 || status === 400 || status === 404 || status === 405 || status === 415 || status === undefined) {
      const text = result.body?.text ?? result.error?.message ?? result.outcome;
      return { name, ...(status !== undefined ? { status } : {}), problem: text.replace(/\s+/g, ' ').slice(0, 600) };
    }
    return { name, status };
  }

  /** Sends a few at a time: Prism validates on one core, the SDK waits on the other. */
  async function sendAll(cases: readonly (readonly [string, BuilderRequest])[]): Promise<Verdict[]> {
    const verdicts: Verdict[] = [];
    for (let i = 0; i < cases.length; i += 4) {
      verdicts.push(...(await Promise.all(cases.slice(i, i + 4).map(([name, req]) => send(name, req)))));
    }
    return verdicts;
  }

  it('accepts the pre-filled example of every route', async () => {
    const routes = catalogue.routes.filter((r) => !NO_PREFILL.has(r.body));
    assert.ok(routes.length >= 280, `only ${routes.length} routes to check`);
    assert.ok(catalogue.routes.length - routes.length <= 2, 'more routes than expected have no pre-fill');
    const verdicts = await sendAll(routes.map((r) => [`${r.method} ${r.path}${r.fixedQuery ? `?${r.fixedQuery}` : ''} (${r.operationId})`, filled(requestForRoute(r), r)] as const));
    const rejected = verdicts.filter((v) => v.problem);
    assert.deepEqual(rejected, [], `${rejected.length} of ${verdicts.length} pre-filled requests were rejected`);
  });

  it('accepts every hand-picked template', async () => {
    const verdicts = await sendAll(TEMPLATES.map((t) => {
      const route = catalogue.byOperationId(t.operationId);
      assert.ok(route, `template ${t.id} names an unknown route ${t.operationId}`);
      assert.equal(`${route.method} ${route.path}`, `${t.method} ${t.path}`, `template ${t.id} does not match its route`);
      return [t.id, filled(requestForTemplate(t, route), route)] as const;
    }));
    const rejected = verdicts.filter((v) => v.problem);
    assert.deepEqual(rejected, [], `${rejected.length} of ${verdicts.length} templates were rejected`);
    // Speech answers audio while the SDK's generic call asks for JSON (Accept), so Prism, after
    // accepting the request, cannot negotiate a body: 406. Every other template gets a 2xx answer.
    const ok = (v: Verdict): boolean => v.status !== undefined && (v.status < 300 || (v.name === 'speech' && v.status === 406));
    assert.ok(verdicts.every(ok), `templates answered ${verdicts.map((v) => `${v.name}:${v.status}`).join(', ')}`);
  });

  it('is a real check: Prism rejects a body the description does not allow', async () => {
    const route = catalogue.byOperationId('createEmbedding')!;
    const broken = { ...filled(requestForRoute(route), route), body: JSON.stringify({ model: 'text-embedding-3-small' }) };
    const verdict = await send('embeddings without input', broken);
    assert.equal(verdict.status, 422, `Prism answered ${verdict.status}`);
  });
});
