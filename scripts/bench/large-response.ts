/**
 * 6. Large responses: the result panel's model of a 20 MB JSON body (describeBody, then the view
 * posted to the page) against JSON.parse of the same text; then the same body end to end through
 * the extension's path and through the bare SDK on the loopback mock.
 */
import { describeBody } from '../../src/core/execution/result-model';
import type { HostMessage } from '../../src/protocol/protocol';
import { extensionPath, sameSdk } from './extension-path';
import { Row, Timing, collectGarbage, interleave, ratioRow, timed, timedCpu, timingRow } from './measure';
import { startMockProcess } from './mock-process';

const SECTION = '6. Large responses';
const SIZE = 20 * 1024 * 1024;

/** A list answer of about `bytes` bytes, shaped like OpenAI's (files with metadata). */
function bigJson(bytes: number): string {
  const items: string[] = [];
  let size = 40;
  for (let i = 0; size < bytes; i++) {
    const item = JSON.stringify({ id: `file-${i.toString(36).padStart(8, '0')}`, object: 'file', bytes: 1000 + i, created_at: 1_700_000_000 + i, filename: `batch-input-${i}.jsonl`, purpose: 'batch', status: 'processed', status_details: null, metadata: { owner: 'bench', note: 'x'.repeat(64) } });
    items.push(item);
    size += item.length + 1;
  }
  return `{"object":"list","data":[${items.join(',')}],"has_more":false}`;
}

export async function benchLargeResponse(opts: { rounds: number }): Promise<Row[]> {
  const text = bigJson(SIZE);
  const bytes = new TextEncoder().encode(text);
  let preview = { truncated: false, chars: 0 };
  const { ours, base } = await interleave(
    opts.rounds,
    async () => {
      collectGarbage();
      return timed(() => {
        const body = describeBody(bytes, 'application/json');
        preview = { truncated: body.truncated, chars: body.text?.length ?? 0 };
      });
    },
    async () => {
      collectGarbage();
      return timed(() => JSON.parse(text));
    },
  );
  const mb = (bytes.length / 1024 / 1024).toFixed(1);
  const rows: Row[] = [
    ratioRow(SECTION, `Preview model of a ${mb} MB JSON body (describeBody)`, ours, base, 'ms', 1.5, `baseline: JSON.parse of the same text; preview ${preview.truncated ? 'truncated' : 'NOT truncated'} to ${(preview.chars / 1024).toFixed(0)} K chars`),
  ];

  const mock = await startMockProcess(5);
  try {
    await mock.script('GET /v1/files', { kind: 'raw', contentType: 'application/json', body: text });
    const path = await extensionPath(mock.baseUrl);
    const bare = new (await sameSdk()).OpenAI({ apiKey: path.secret, baseURL: mock.baseUrl });
    let posted = 0;
    let truncated: boolean | undefined;
    const request = { method: 'GET' as const, path: '/files', pathParams: {}, query: [], headers: [], bodyKind: 'none' as const, body: '', form: [], stream: false };
    const oursOnce = (): Promise<Timing> =>
      timedCpu(() =>
        path.send(request, {
          onPost: (message: HostMessage, json: string) => {
            if (message.type === 'run' && message.event.kind === 'done') {
              posted = json.length;
              const body = message.event.result.body;
              truncated = body.kind === 'json' ? body.truncated : undefined;
            }
          },
        }),
      );
    const bareOnce = (): Promise<Timing> => timedCpu(() => bare.get('/files'));
    await oursOnce();
    await bareOnce();
    collectGarbage();
    const e2e = await interleave(Math.max(3, Math.ceil(opts.rounds / 2)), async () => {
      const ms = await oursOnce();
      collectGarbage();
      return ms;
    }, async () => {
      const ms = await bareOnce();
      collectGarbage();
      return ms;
    });
    rows.push(
      { ...timingRow(SECTION, `${mb} MB JSON answer end to end (GET /v1/files)`, e2e.ours, e2e.base, 1.5, `baseline: bare SDK get(); result message to the webview ${(posted / 1024).toFixed(0)} KB, ${truncated ? 'truncated preview' : 'NOT truncated'}`), target: undefined, met: undefined },
      { section: SECTION, measure: 'Result message posted to the webview', value: posted / 1024, unit: 'KB', target: 'preview, not the body', met: truncated === true && posted < 1024 * 1024 },
    );
  } finally {
    await mock.close();
  }
  return rows;
}
