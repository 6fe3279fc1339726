import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { UserError } from '../../core/user-error';
import type { FileRef } from '../../shared/protocol';
import type { PickedFile } from './builder-request';

/** Files larger than this are refused (the OpenAI Files API takes up to 512 MB). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif',
  mp3: 'audio/mpeg', mpga: 'audio/mpeg', mpeg: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', mp4: 'audio/mp4', webm: 'audio/webm', ogg: 'audio/ogg', flac: 'audio/flac',
  json: 'application/json', jsonl: 'application/jsonl', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', pdf: 'application/pdf',
};

export function contentTypeFor(filename: string): string | undefined {
  return TYPES[filename.split('.').pop()?.toLowerCase() ?? ''];
}

interface Entry {
  readonly uri: vscode.Uri;
  readonly ref: FileRef;
}

/**
 * Files picked through the host for multipart bodies, by an id the webview holds. The bytes are
 * read at send time, by the host; the webview never sees a path's content.
 */
export class FileRegistry {
  private readonly entries = new Map<string, Entry>();

  async register(uri: vscode.Uri): Promise<FileRef> {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw new UserError('That is a folder; choose a file.');
    if (stat.size > MAX_FILE_BYTES) throw new UserError(`The file is ${Math.round(stat.size / 1048576)} MB; the limit is 512 MB.`);
    const filename = uri.path.split('/').pop() || 'file';
    const ref: FileRef = { fileId: randomUUID(), filename, size: stat.size };
    this.entries.set(ref.fileId, { uri, ref });
    return ref;
  }

  lookup(fileId: string): PickedFile | undefined {
    const entry = this.entries.get(fileId);
    if (!entry) return undefined;
    const contentType = contentTypeFor(entry.ref.filename);
    return { filename: entry.ref.filename, ...(contentType ? { contentType } : {}), read: async () => vscode.workspace.fs.readFile(entry.uri) };
  }

  uri(fileId: string): vscode.Uri | undefined {
    return this.entries.get(fileId)?.uri;
  }
}
