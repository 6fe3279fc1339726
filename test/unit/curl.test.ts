import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ExportRequest, toCurl, toNodeSnippet, toPythonSnippet, shellQuote } from '../../src/core/requests/export/code-export';
import { parseCurl, shellWords } from '../../src/core/requests/export/curl-import';

/** Built at run time: no key-shaped literal in the repository. */
const KEY = 'sk-proj-' + 'Zk3'.repeat(15) + 'wxyz';

const responsesRequest: ExportRequest = {
  method: 'POST',
  path: '/responses',
  query: {},
  headers: { 'X-Trace': "it's" },
  body: { kind: 'json', text: '{"model":"gpt-4o-mini","input":"Say \'hi\'","stream":false,"store":null}' },
  stream: false,
};

describe('copy as curl / Node / Python', () => {
  test('curl reads the key from $OPENAI_API_KEY and carries organization and project', () => {
    const curl = toCurl(responsesRequest, { baseUrl: 'https://api.openai.com/v1', organization: 'org-abc', project: 'proj_def' });
    assert.equal(
      curl,
      [
        'curl https://api.openai.com/v1/responses',
        '-H "Authorization: Bearer $OPENAI_API_KEY"',
        "-H 'OpenAI-Organization: org-abc'",
        "-H 'OpenAI-Project: proj_def'",
        "-H 'X-Trace: it'\\''s'",
        '-H "Content-Type: application/json"',
        `-d '{"model":"gpt-4o-mini","input":"Say '\\''hi'\\''","stream":false,"store":null}'`,
      ].join(' \\\n  '),
    );
  });

  test('curl round-trips through the importer', () => {
    const curl = toCurl({ ...responsesRequest, method: 'DELETE', path: '/files/{file_id}', pathParams: { file_id: 'file 1' }, body: { kind: 'none' }, query: { limit: '2', include: ['a', 'b'] } }, 'https://api.openai.com/v1');
    assert.match(curl, /^curl 'https:\/\/api\.openai\.com\/v1\/files\/file%201\?limit=2&include=a&include=b'/);
    assert.match(curl, /-X DELETE/);
    const back = parseCurl(curl);
    assert.equal(back.request.method, 'DELETE');
    assert.equal(back.request.path, '/files/file%201');
    assert.deepEqual(back.request.query, { limit: '2', include: ['a', 'b'] });
    assert.equal(back.usesEnvironmentKey, true);
    assert.equal(back.extractedKey, undefined);
    assert.deepEqual(back.request.headers, { 'X-Trace': "it's" });
  });

  test('exports refuse a path that leaves the origin, and never contain a key typed into the body', () => {
    assert.throws(() => toCurl({ ...responsesRequest, path: 'https://evil.example/v1/x' }, 'https://api.openai.com/v1'), /^ForeignOriginError: Refused/);
    const leaky: ExportRequest = { ...responsesRequest, headers: { Authorization: `Bearer ${KEY}`, 'api-key': KEY }, body: { kind: 'json', text: JSON.stringify({ note: KEY }) } };
    for (const out of [toCurl(leaky, 'https://api.openai.com/v1', [KEY]), toNodeSnippet(leaky, 'https://api.openai.com/v1', [KEY]), toPythonSnippet(leaky, 'https://api.openai.com/v1', [KEY])]) {
      assert.ok(!out.includes(KEY), out);
      assert.ok(!/api-key:/i.test(out));
    }
  });

  test('a multipart request becomes -F parts, FormData in Node and files= in Python', () => {
    const upload: ExportRequest = { method: 'POST', path: '/files', query: {}, headers: {}, body: { kind: 'multipart', parts: [{ kind: 'field', name: 'purpose', value: 'batch' }, { kind: 'file', name: 'file', filename: 'in put.jsonl' }] }, stream: false };
    const curl = toCurl(upload, 'http://127.0.0.1:8080/v1');
    assert.match(curl, /-F purpose=batch/);
    assert.match(curl, /-F 'file=@in put\.jsonl'/);
    assert.doesNotMatch(curl, /Content-Type/);
    assert.deepEqual(parseCurl(curl).request.body, { kind: 'multipart', parts: [{ kind: 'field', name: 'purpose', value: 'batch' }, { kind: 'file', name: 'file', path: 'in put.jsonl' }] });
    const node = toNodeSnippet(upload, 'http://127.0.0.1:8080/v1');
    assert.match(node, /baseURL: 'http:\/\/127\.0\.0\.1:8080\/v1'/);
    assert.match(node, /form\.append\('file', new Blob\(\[await readFile\('in put\.jsonl'\)\]\), 'in put\.jsonl'\);/);
    const py = toPythonSnippet(upload, 'http://127.0.0.1:8080/v1');
    assert.match(py, /files=\[\("file", \("in put\.jsonl", open\("in put\.jsonl", "rb"\)\)\)\]/);
    assert.match(py, /"Content-Type": "multipart\/form-data"/);
  });

  test('the Node snippet is runnable JavaScript using the generic client method', () => {
    const node = toNodeSnippet({ ...responsesRequest, stream: true }, { baseUrl: 'https://api.openai.com/v1', project: 'proj_x' });
    assert.match(node, /apiKey: process\.env\.OPENAI_API_KEY,/);
    assert.doesNotMatch(node, /baseURL/);
    assert.match(node, /project: 'proj_x'/);
    assert.match(node, /const stream = await client\.post\('\/responses', \{\n {2}body: \{\n {4}"model": "gpt-4o-mini",/);
    assert.match(node, /for await \(const event of stream\)/);
    // Syntax check: wrap in an async function (top-level await and import are module-only).
    const body = node.replace(/^import .*$/gm, '');
    assert.doesNotThrow(() => new Function('OpenAI', 'process', `return (async () => {${body}})`));
  });

  test('the Python snippet turns JSON into Python literals and reads the key from the environment', () => {
    const py = toPythonSnippet({ ...responsesRequest, stream: true, query: { limit: '1' } }, 'https://api.openai.com/v1');
    assert.match(py, /api_key=os\.environ\["OPENAI_API_KEY"\]/);
    assert.match(py, /"stream": False,/);
    assert.match(py, /"store": None,/);
    assert.match(py, /from openai import OpenAI, Stream/);
    assert.match(py, /stream_cls=Stream\[object\]/);
    assert.match(py, /"params": \{\n {12}"limit": "1",/);
  });

  test('shellQuote leaves safe words bare and quotes the rest', () => {
    assert.equal(shellQuote('https://api.openai.com/v1/models'), 'https://api.openai.com/v1/models');
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellWords(`x ${shellQuote("it's $HOME")}`)[1], "it's $HOME");
  });
});

describe('import from curl', () => {
  test('takes the Bearer key out of the request and offers it', () => {
    const parsed = parseCurl(`curl https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer ${KEY}" \\
  -H "OpenAI-Organization: org-123" \\
  -d '{
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Hello"}],
    "stream": true
  }'`);
    assert.equal(parsed.extractedKey, KEY);
    assert.equal(parsed.organization, 'org-123');
    assert.equal(parsed.request.method, 'POST');
    assert.equal(parsed.request.baseUrl, 'https://api.openai.com/v1');
    assert.equal(parsed.request.path, '/chat/completions');
    assert.equal(parsed.request.body.kind, 'json');
    assert.equal(parsed.request.stream, true);
    assert.deepEqual(parsed.request.headers, {});
    assert.ok(!JSON.stringify(parsed.request).includes(KEY));
  });

  test('finds the key in -H variants, api-key, -u and the query, and removes it everywhere', () => {
    const variants = [
      `curl -H'Authorization: Bearer ${KEY}' https://api.openai.com/v1/models`,
      `curl --header="authorization: bearer ${KEY}" https://api.openai.com/v1/models`,
      `curl -H "api-key: ${KEY}" https://example.openai.azure.com/openai/models`,
      `curl -u :${KEY} https://api.openai.com/v1/models`,
      `curl --user ${KEY}: https://api.openai.com/v1/models`,
      `curl 'https://api.openai.com/v1/models?api_key=${KEY}'`,
      `curl.exe https://api.openai.com/v1/responses ^\n -H "Authorization: Bearer ${KEY}" ^\n --data-raw "{\\"note\\": \\"${KEY}\\"}"`,
      `curl $'https://api.openai.com/v1/responses' -H $'Authorization: Bearer ${KEY}' --json '{"input": "${KEY}"}'`,
    ];
    for (const text of variants) {
      const parsed = parseCurl(text);
      assert.equal(parsed.extractedKey, KEY, text);
      assert.ok(!JSON.stringify(parsed.request).includes(KEY), text);
      assert.ok(!JSON.stringify(parsed.warnings).includes(KEY), text);
    }
  });

  test('an environment variable reference is not a key', () => {
    for (const ref of ['$OPENAI_API_KEY', '${OPENAI_API_KEY}', '%OPENAI_API_KEY%', '$env:OPENAI_API_KEY']) {
      const parsed = parseCurl(`curl https://api.openai.com/v1/models -H "Authorization: Bearer ${ref.replace(/\$/g, '\\$')}"`);
      assert.equal(parsed.extractedKey, undefined, ref);
      assert.equal(parsed.usesEnvironmentKey, true, ref);
    }
  });

  test('reads methods, data options, -G, -F and ignores harmless flags', () => {
    const get = parseCurl("curl -sS -G https://api.openai.com/v1/files -d limit=2 -d 'purpose=batch' --compressed");
    assert.equal(get.request.method, 'GET');
    assert.deepEqual(get.request.query, { limit: '2', purpose: 'batch' });
    assert.deepEqual(get.warnings, []);
    const del = parseCurl('curl -XDELETE https://api.openai.com/v1/files/file-1');
    assert.deepEqual([del.request.method, del.request.body.kind], ['DELETE', 'none']);
    const form = parseCurl('curl https://api.openai.com/v1/audio/transcriptions -F model=whisper-1 -F "file=@/tmp/a b.mp3;type=audio/mpeg"');
    assert.deepEqual(form.request.body, { kind: 'multipart', parts: [{ kind: 'field', name: 'model', value: 'whisper-1' }, { kind: 'file', name: 'file', path: '/tmp/a b.mp3', contentType: 'audio/mpeg' }] });
    const text = parseCurl("curl http://localhost:8080/custom --data 'a=1&b=2' -H 'Content-Type: application/x-www-form-urlencoded' --frobnicate");
    assert.deepEqual(text.request.body, { kind: 'text', text: 'a=1&b=2' });
    assert.equal(text.request.baseUrl, 'http://localhost:8080');
    assert.equal(text.request.path, '/custom');
    assert.deepEqual(text.warnings, ['Ignored the option --frobnicate.']);
    const fromFile = parseCurl('curl https://api.openai.com/v1/batches -d @body.json');
    assert.match(fromFile.warnings[0] ?? '', /body\.json/);
  });

  test('says clearly what is wrong with input that is not a usable curl command', () => {
    assert.throws(() => parseCurl('wget https://x'), /not a curl command/);
    assert.throws(() => parseCurl('curl -H "Accept: x"'), /no URL/);
    assert.throws(() => parseCurl("curl 'https://x"), /unterminated single quote/);
    assert.throws(() => parseCurl('curl ftp://x/y'), /Only http and https/);
    assert.throws(() => parseCurl('curl -X TRACE https://x/y'), /method TRACE is not supported/);
    assert.throws(() => parseCurl('curl https://x/y -H'), /needs a value/);
  });
});

describe('import from curl: every credential goes to the vault prompt, none stays or is quoted', () => {
  const key = (): string => 'sk-proj-' + [...Array(48)].map((_, i) => 'AbCdEfGh'[(i * 7) % 8]).join('') + String(Date.now() % 9973);
  const leaks = (parsed: ReturnType<typeof parseCurl>, value: string): string[] => {
    const body = value.slice(8, 24);
    const places = { request: JSON.stringify(parsed.request), warnings: parsed.warnings.join('\n') };
    return Object.entries(places).filter(([, text]) => text.includes(body)).map(([where]) => where);
  };

  const cases: [string, (k: string) => string][] = [
    ['OpenAI-Api-Key header', (k) => `curl https://api.openai.com/v1/models -H "OpenAI-Api-Key: ${k}"`],
    ['x-api-key header', (k) => `curl https://api.openai.com/v1/models -H "x-api-key: ${k}"`],
    ['any header with a key-shaped value', (k) => `curl https://api.openai.com/v1/models -H "X-Custom: prefix ${k}"`],
    ['?apikey= in the query', (k) => `curl "https://api.openai.com/v1/models?apikey=${k}&limit=2"`],
    ['key-shaped value under any query name', (k) => `curl "https://api.openai.com/v1/models?q=${k}"`],
    ['"api_key" in a JSON body', (k) => `curl https://api.openai.com/v1/responses -d '{"model":"m","api_key":"${k}"}'`],
    ['a key anywhere in a JSON body', (k) => `curl https://api.openai.com/v1/responses -d '{"model":"m","input":"use ${k} please"}'`],
    ['--oauth2-bearer', (k) => `curl https://api.openai.com/v1/models --oauth2-bearer ${k}`],
    ['-uKEY (attached)', (k) => `curl -u${k} https://api.openai.com/v1/models`],
    ['a form field named api_key', (k) => `curl https://api.openai.com/v1/files -F purpose=batch -F api_key=${k}`],
    ['user info in the URL', (k) => `curl https://user:${k}@api.openai.com/v1/models`],
    ['a Basic Authorization header', (k) => `curl https://api.openai.com/v1/models -H "Authorization: Basic ${Buffer.from(`u:${k}`).toString('base64')}"`],
  ];
  for (const [name, command] of cases) {
    test(name, () => {
      const k = key();
      const parsed = parseCurl(command(k));
      assert.equal(parsed.extractedKey, k);
      assert.deepEqual(leaks(parsed, k), []);
    });
  }

  test('an ignored option or extra argument that holds a key is not quoted in a warning', () => {
    const k = key();
    const parsed = parseCurl(`curl https://api.openai.com/v1/models ${k} --weird-option`);
    assert.deepEqual(leaks(parsed, k), []);
    assert.throws(() => parseCurl(`curl -F ${k}`), (error: Error) => !error.message.includes(k.slice(8, 24)));
  });

  test('a second key in the body is removed too, and offered as another key', () => {
    const a = key();
    const b = a.replace('sk-proj-', 'sk-admin-');
    const parsed = parseCurl(`curl https://api.openai.com/v1/responses -H "Authorization: Bearer ${a}" -d '{"a":"${a}","b":"${b}"}'`);
    assert.equal(parsed.extractedKey, a);
    assert.deepEqual(parsed.otherKeys, [b]);
    assert.deepEqual(leaks(parsed, a), []);
    assert.deepEqual(leaks(parsed, b), []);
    assert.match(parsed.warnings.join(' '), /2 different keys/);
  });

  test('a query parameter that merely looks like a credential name but holds an env reference is an environment key', () => {
    const parsed = parseCurl('curl "https://api.openai.com/v1/models" -H "x-api-key: $OPENAI_API_KEY"');
    assert.equal(parsed.usesEnvironmentKey, true);
    assert.equal(parsed.extractedKey, undefined);
    assert.deepEqual(parsed.request.headers, {});
  });
});

test('a body field that is data, such as metadata "key", is kept', () => {
  const parsed = parseCurl(`curl https://api.openai.com/v1/vector_stores -d '{"name":"s","metadata":{"key":"customer-segment","token":"abcdefghijkl"}}'`);
  assert.equal(parsed.extractedKey, undefined);
  assert.match(JSON.stringify(parsed.request.body), /customer-segment/);
  const form = parseCurl('curl https://api.openai.com/v1/files -F key=value-of-some-length -F purpose=batch');
  assert.equal(form.extractedKey, undefined);
  assert.equal(form.request.body.kind === 'multipart' ? form.request.body.parts.length : 0, 2);
});
