// Valid messages of every type the webview may post, and the fields each one requires: the
// starting points of the protocol tests and of the fuzz test's mutations.
import type { BuilderRequest, WebviewMessage } from '../../src/protocol/protocol';

export const SAMPLE_REQUEST: BuilderRequest = {
  method: 'POST',
  path: '/responses/{response_id}',
  operationId: 'getResponse',
  pathParams: { response_id: 'resp_123' },
  query: [{ name: 'include[]', value: 'message.output_text.logprobs' }],
  headers: [{ name: 'OpenAI-Beta', value: 'responses=v1' }],
  bodyKind: 'json',
  body: '{\n  "model": "gpt-4.1-mini",\n  "input": "Say hello."\n}',
  form: [{ kind: 'field', name: 'purpose', value: 'user_data' }, { kind: 'file', name: 'file', file: { fileId: 'f-1', filename: 'a.jsonl', size: 12 } }],
  stream: false,
};

export function validSamples(): WebviewMessage[] {
  return [
    { type: 'ready', protocol: 1 },
    { type: 'send', requestId: 'run-1', keyId: 'key-1', request: SAMPLE_REQUEST, override: false },
    { type: 'cancel', requestId: 'run-1' },
    { type: 'pickFile', requestId: 'r-2', field: 'file' },
    { type: 'export', requestId: 'r-3', format: 'curl', request: SAMPLE_REQUEST, keyId: 'key-1' },
    { type: 'importCurl', requestId: 'r-4', text: 'curl https://api.openai.com/v1/models' },
    { type: 'saveRequest', requestId: 'r-5', request: SAMPLE_REQUEST, keyId: 'key-1', name: 'Say hello' },
    { type: 'openResult', requestId: 'r-6', runId: 'run-1' },
    { type: 'saveResult', requestId: 'r-7', runId: 'run-1' },
    { type: 'loadHistory', requestId: 'r-8', entryId: 'e-1' },
    { type: 'clearHistory', requestId: 'r-9' },
  ];
}
