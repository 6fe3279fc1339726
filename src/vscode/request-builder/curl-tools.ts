/**
 * Export (curl, Node, Python) and curl import for the builder, on top of the execution core's
 * converters. Exports read the key from $OPENAI_API_KEY / the environment, never the key itself.
 */
import type { KeyRecord } from '../../core/key-index';
import type { BuilderRequest, ExportFormat } from '../../shared/protocol';

export interface ParsedCurl {
  readonly request: BuilderRequest;
  /** A key found in the command (Authorization: Bearer, api-key); removed from `request`. */
  readonly secret?: string;
  /** Base URL the command targeted, e.g. https://api.openai.com/v1. */
  readonly baseUrl?: string;
  readonly warnings: readonly string[];
}

export interface CurlTools {
  exportRequest(format: ExportFormat, request: BuilderRequest, key: KeyRecord | undefined, filename: (fileId: string) => string | undefined): string;
  parse(text: string): ParsedCurl;
}
