/**
 * The one message protocol between the request builder webview and its extension host.
 * Both directions are discriminated unions on `type`; both switches end in `assertNever`.
 * Messages that expect an answer carry a `requestId` chosen by the webview; the host answers with a
 * `reply` (or `protocolError`) carrying the same id, and a run's events carry the id of its `send`.
 * No message in either direction ever holds a key value: the webview knows keys by id, name and mask.
 */
import type { RouteInfo } from '../core/catalogue/route-types';
import type { DecodedError } from '../core/execution/error-decoding';

export const PROTOCOL_VERSION = 1;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const BODY_KINDS = ['none', 'json', 'multipart'] as const;
export type BuilderBodyKind = (typeof BODY_KINDS)[number];

export const EXPORT_FORMATS = ['curl', 'node', 'python'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Limits the host enforces on what the webview sends; generous for humans, tight for garbage. */
export const LIMITS = {
  requestId: 64,
  id: 128,
  path: 2048,
  name: 256,
  value: 8192,
  rows: 100,
  formParts: 50,
  body: 5 * 1024 * 1024,
  curlText: 256 * 1024,
} as const;

/** A query parameter or an extra header row as the user typed it. */
export interface NameValue {
  readonly name: string;
  readonly value: string;
}

/** A file the host read for a multipart field; the webview only ever holds this reference. */
export interface FileRef {
  readonly fileId: string;
  readonly filename: string;
  readonly size: number;
}

export type FormPart =
  | { readonly kind: 'field'; readonly name: string; readonly value: string }
  | { readonly kind: 'file'; readonly name: string; readonly file?: FileRef };

/** The request as composed in the builder: serialisable, no key, no bytes. */
export interface BuilderRequest {
  readonly method: HttpMethod;
  /** Path template relative to the key's base URL, e.g. /responses/{response_id}. */
  readonly path: string;
  /** The catalogue route it came from; absent for a custom path. */
  readonly operationId?: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: readonly NameValue[];
  readonly headers: readonly NameValue[];
  readonly bodyKind: BuilderBodyKind;
  /** JSON text of a json body (kept as typed, even when invalid). */
  readonly body: string;
  readonly form: readonly FormPart[];
  /** Ask for a server-sent event stream (sets "stream": true on a JSON body). */
  readonly stream: boolean;
}

/** What the webview may know about a key. */
export interface KeySummary {
  readonly id: string;
  readonly name: string;
  /** e.g. "Project", "Admin". */
  readonly kindLabel: string;
  readonly admin: boolean;
  /** e.g. "All", "Restricted (3 of 17 groups)". */
  readonly levelLabel: string;
  /** e.g. "sk-proj-…wxyz": prefix and last four only. */
  readonly masked: string;
  /** The origin the key is bound to, e.g. https://api.openai.com. */
  readonly origin: string;
  readonly scopeLabel: string;
  readonly active: boolean;
  readonly secretMissing: boolean;
}

export interface HistorySummary {
  readonly id: string;
  /** ISO date. */
  readonly at: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly keyName?: string;
  readonly status?: number;
  readonly outcome: RunOutcome;
  readonly durationMs?: number;
}

export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'refused';

export interface HeaderView {
  readonly name: string;
  readonly value: string;
  readonly highlight: boolean;
}

export interface ImageView {
  /** A data: URL the CSP allows, or absent when only a remote URL is known. */
  readonly src?: string;
  /** The remote URL the API gave, shown as text (the webview loads nothing remote). */
  readonly url?: string;
}

export type BodyView =
  | { readonly kind: 'empty' }
  | { readonly kind: 'json' | 'text'; readonly text: string; readonly truncated: boolean }
  | { readonly kind: 'audio'; readonly mime: string; readonly src?: string }
  | { readonly kind: 'binary'; readonly mime: string }
  | { readonly kind: 'stream'; readonly events: number };

/** A decoded error as the page shows it: the execution core's model (already redacted), or a cancelled run. */
export type ErrorView = Omit<DecodedError, 'kind'> & { readonly kind: DecodedError['kind'] | 'cancelled' };

export interface ResultView {
  readonly status?: number;
  readonly statusText?: string;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly contentType?: string;
  readonly headers: readonly HeaderView[];
  readonly body: BodyView;
  readonly images: readonly ImageView[];
  /** The full body can be opened in an editor (text) or saved (any). */
  readonly canOpenInEditor: boolean;
  readonly canSave: boolean;
  readonly error?: ErrorView;
}

export interface StreamEventView {
  readonly event?: string;
  /** The event as the SDK parsed it; the page writes its JSON only for the events it shows. */
  readonly data: unknown;
}

/** Progress of a run, posted under the `send` message's requestId. */
export type RunEvent =
  | { readonly kind: 'started'; readonly method: HttpMethod; readonly url: string; readonly keyName: string; readonly streaming: boolean }
  | { readonly kind: 'retrying'; readonly attempt: number; readonly maxRetries: number; readonly delayMs: number; readonly reason: string }
  | { readonly kind: 'headers'; readonly status: number; readonly statusText: string; readonly headers: readonly HeaderView[] }
  | {
    readonly kind: 'events'; readonly events: readonly StreamEventView[]; readonly text: string; readonly total: number;
    /** Host clock (epoch ms) when the batch's first event was read, and when the batch was posted: the page's latency is measured against them. */
    readonly readAt?: number; readonly postedAt?: number;
  }
  | { readonly kind: 'done'; readonly outcome: RunOutcome; readonly result: ResultView };

/** Where a request loaded into the builder came from. */
export type LoadSource = 'saved' | 'curl' | 'history' | 'command';

export interface BuilderSettings {
  readonly streamIdleTimeoutSeconds: number;
  readonly maxRetries: number;
}

// ---------------------------------------------------------------------------------------------
// Webview → host

export type WebviewMessage =
  | { readonly type: 'ready'; readonly protocol: number }
  | { readonly type: 'send'; readonly requestId: string; readonly keyId: string; readonly request: BuilderRequest; readonly override: boolean }
  | { readonly type: 'cancel'; readonly requestId: string }
  | { readonly type: 'pickFile'; readonly requestId: string; readonly field: string }
  | { readonly type: 'export'; readonly requestId: string; readonly format: ExportFormat; readonly request: BuilderRequest; readonly keyId?: string }
  | { readonly type: 'importCurl'; readonly requestId: string; readonly text?: string }
  | { readonly type: 'saveRequest'; readonly requestId: string; readonly request: BuilderRequest; readonly keyId?: string; readonly name?: string }
  | { readonly type: 'openResult'; readonly requestId: string; readonly runId: string }
  | { readonly type: 'saveResult'; readonly requestId: string; readonly runId: string }
  | { readonly type: 'loadHistory'; readonly requestId: string; readonly entryId: string }
  | { readonly type: 'clearHistory'; readonly requestId: string };

export type WebviewMessageType = WebviewMessage['type'];

export const WEBVIEW_MESSAGE_TYPES: readonly WebviewMessageType[] = [
  'ready', 'send', 'cancel', 'pickFile', 'export', 'importCurl', 'saveRequest', 'openResult', 'saveResult', 'loadHistory', 'clearHistory',
];

// ---------------------------------------------------------------------------------------------
// Host → webview

/** What a successful reply carries, by the type of the message it answers. */
export type ReplyBody =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'file'; readonly field: string; readonly file: FileRef }
  | { readonly kind: 'exported'; readonly format: ExportFormat; readonly text: string; readonly copied: boolean }
  | { readonly kind: 'saved'; readonly name: string; readonly relativePath: string }
  | { readonly kind: 'opened' }
  | { readonly kind: 'cleared' };

/**
 * The successful reply each request gets, by its type: a wrong reply is a type error on the host, and
 * the page's bridge resolves with exactly this type. `send` and `cancel` get none: a send is answered
 * by run events (or a permission prompt), a cancel by the run's end.
 */
export interface ReplyMap {
  readonly pickFile: Extract<ReplyBody, { kind: 'file' }>;
  readonly export: Extract<ReplyBody, { kind: 'exported' }>;
  readonly importCurl: Extract<ReplyBody, { kind: 'accepted' }>;
  readonly saveRequest: Extract<ReplyBody, { kind: 'saved' }>;
  readonly openResult: Extract<ReplyBody, { kind: 'opened' }>;
  readonly saveResult: Extract<ReplyBody, { kind: 'saved' }>;
  readonly loadHistory: Extract<ReplyBody, { kind: 'accepted' }>;
  readonly clearHistory: Extract<ReplyBody, { kind: 'cleared' }>;
}

/** The webview messages that expect a reply. */
export type RequestType = keyof ReplyMap & WebviewMessageType;

export type ProtocolErrorCode = 'malformed' | 'unknown-type' | 'invalid-field' | 'not-ready' | 'unsupported-version';

/** Why a send did not start: the permission check denied it, or could not tell. */
export interface PermissionPrompt {
  readonly verdict: 'denied' | 'unknown';
  readonly reason: string;
  /** False for a hard refusal (an admin key on a model route): no "Send anyway". */
  readonly canOverride: boolean;
}

export type HostMessage =
  | {
      readonly type: 'init';
      readonly protocol: number;
      readonly keys: readonly KeySummary[];
      readonly activeKeyId?: string;
      readonly history: readonly HistorySummary[];
      readonly settings: BuilderSettings;
    }
  | { readonly type: 'routes'; readonly routes: readonly RouteInfo[]; readonly specVersion: string }
  | { readonly type: 'routesFailed'; readonly message: string }
  | { readonly type: 'keys'; readonly keys: readonly KeySummary[]; readonly activeKeyId?: string }
  | { readonly type: 'selectKey'; readonly keyId: string }
  | { readonly type: 'history'; readonly entries: readonly HistorySummary[] }
  | { readonly type: 'load'; readonly request: BuilderRequest; readonly keyId?: string; readonly source: LoadSource; readonly autoSend: boolean; readonly note?: string }
  | { readonly type: 'reply'; readonly requestId: string; readonly ok: true; readonly body: ReplyBody }
  | { readonly type: 'reply'; readonly requestId: string; readonly ok: false; readonly message: string }
  | { readonly type: 'permission'; readonly requestId: string; readonly prompt: PermissionPrompt }
  | { readonly type: 'run'; readonly requestId: string; readonly event: RunEvent }
  | { readonly type: 'protocolError'; readonly requestId?: string; readonly code: ProtocolErrorCode; readonly message: string };

export type HostMessageType = HostMessage['type'];

/** Exhaustiveness check for switches over the unions above. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/** A fresh builder request: GET with nothing filled in. */
export function emptyRequest(): BuilderRequest {
  return { method: 'GET', path: '', pathParams: {}, query: [], headers: [], bodyKind: 'none', body: '', form: [], stream: false };
}
