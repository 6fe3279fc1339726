/**
 * Hand-picked starting points for the common routes. Each one is a complete, valid request: the
 * contract test sends every template to Prism serving OpenAI's official description.
 */
import type { JsonValue } from '../core/catalogue/route-types';
import type { HttpMethod } from '../protocol/protocol';

export interface RequestTemplate {
  readonly id: string;
  readonly label: string;
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** JSON body; absent for routes without one. */
  readonly body?: JsonValue;
  /** Text fields of a multipart body; its file fields come from the route and are picked by the user. */
  readonly form?: Readonly<Record<string, string>>;
  readonly stream?: boolean;
}

export const TEMPLATES: readonly RequestTemplate[] = [
  {
    id: 'responses',
    label: 'Responses: create a response',
    operationId: 'createResponse',
    method: 'POST',
    path: '/responses',
    body: { model: 'gpt-4.1-mini', instructions: 'Answer in one short paragraph.', input: 'Why should each app have its own API key?' },
  },
  {
    id: 'responses-stream',
    label: 'Responses: stream a response',
    operationId: 'createResponse',
    method: 'POST',
    path: '/responses',
    body: { model: 'gpt-4.1-mini', input: 'Write a haiku about keeping secrets.', stream: true },
    stream: true,
  },
  {
    id: 'chat',
    label: 'Chat completions: ask a question',
    operationId: 'createChatCompletion',
    method: 'POST',
    path: '/chat/completions',
    body: {
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'developer', content: 'You are a concise assistant.' },
        { role: 'user', content: 'What is a restricted API key?' },
      ],
    },
  },
  {
    id: 'chat-stream',
    label: 'Chat completions: stream an answer',
    operationId: 'createChatCompletion',
    method: 'POST',
    path: '/chat/completions',
    body: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Count from one to five.' }], stream: true },
    stream: true,
  },
  {
    id: 'embeddings',
    label: 'Embeddings: embed a sentence',
    operationId: 'createEmbedding',
    method: 'POST',
    path: '/embeddings',
    body: { model: 'text-embedding-3-small', input: 'The food was delicious and the waiter was friendly.' },
  },
  {
    id: 'images',
    label: 'Images: generate an image',
    operationId: 'createImage',
    method: 'POST',
    path: '/images/generations',
    body: { model: 'gpt-image-1', prompt: 'A watercolor lighthouse at dawn', size: '1024x1024', n: 1 },
  },
  {
    id: 'speech',
    label: 'Speech: text to speech (mp3)',
    operationId: 'createSpeech',
    method: 'POST',
    path: '/audio/speech',
    body: { model: 'gpt-4o-mini-tts', input: 'Your request builder is ready.', voice: 'alloy', response_format: 'mp3' },
  },
  {
    id: 'moderations',
    label: 'Moderations: classify text',
    operationId: 'createModeration',
    method: 'POST',
    path: '/moderations',
    body: { model: 'omni-moderation-latest', input: 'I love sunny days at the beach.' },
  },
  { id: 'models', label: 'Models: list models', operationId: 'listModels', method: 'GET', path: '/models' },
  { id: 'files-list', label: 'Files: list files', operationId: 'listFiles', method: 'GET', path: '/files' },
  {
    id: 'files-upload',
    label: 'Files: upload a file',
    operationId: 'createFile',
    method: 'POST',
    path: '/files',
    form: { purpose: 'user_data' },
  },
];

export function templateById(id: string): RequestTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
