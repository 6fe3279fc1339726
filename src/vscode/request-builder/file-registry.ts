import { randomUUID } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isInsideFolder } from '../../core/leaks/git-location';
import { UserError } from '../../core/common/user-error';
import type { FileRef } from '../../protocol/protocol';
import type { PickedFile } from '../../builder/builder-request';

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
  /** The folder the file must stay in (files named by saved requests), checked again at read time. */
  readonly within?: vscode.Uri;
}

/**
 * Refuses a file that is not inside `folder` once symlinks are followed (both sides resolved), so a
 * symlink in the repository cannot reach the user's other files.
 */
export async function assertInsideFolder(uri: vscode.Uri, folder: vscode.Uri, label: string): Promise<void> {
  if (uri.scheme !== 'file' || folder.scheme !== 'file') {
    if (uri.scheme !== folder.scheme || !isInsideFolder(folder.path, uri.path)) throw new UserError(`${label} is outside the workspace folder; it was refused.`);
    return;
  }
  const [real, root] = await Promise.all([realpath(uri.fsPath).catch(() => undefined), realpath(folder.fsPath).catch(() => folder.fsPath)]);
  if (real === undefined) throw new UserError(`${label} was not found.`);
  if (!isInsideFolder(root, real)) throw new UserError(`${label} leads outside the workspace folder (through a symlink or ..); it was refused.`);
}

/**
 * Files picked through the host for multipart bodies, by an id the webview holds. The bytes are
 * read at send time, by the host; the webview never sees a path's content.
 */
export class FileRegistry {
  private readonly entries = new Map<string, Entry>();

  /** `within`: the folder the file must stay inside, for files a saved request names. */
  async register(uri: vscode.Uri, within?: { folder: vscode.Uri; label: string }): Promise<FileRef> {
    if (within) await assertInsideFolder(uri, within.folder, within.label);
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw new UserError('That is a folder; choose a file.');
    if (stat.size > MAX_FILE_BYTES) throw new UserError(`The file is ${Math.round(stat.size / 1048576)} MB; the limit is 512 MB.`);
    const filename = uri.path.split('/').pop() || 'file';
    const ref: FileRef = { fileId: randomUUID(), filename, size: stat.size };
    this.entries.set(ref.fileId, { uri, ref, ...(within ? { within: within.folder } : {}) });
    return ref;
  }

  lookup(fileId: string): PickedFile | undefined {
    const entry = this.entries.get(fileId);
    if (!entry) return undefined;
    const contentType = contentTypeFor(entry.ref.filename);
    const read = async (): Promise<Uint8Array> => {
      // Again at send time: the link may have changed since the request was loaded.
      if (entry.within) await assertInsideFolder(entry.uri, entry.within, entry.ref.filename);
      return vscode.workspace.fs.readFile(entry.uri);
    };
    return { filename: entry.ref.filename, ...(contentType ? { contentType } : {}), read };
  }

  uri(fileId: string): vscode.Uri | undefined {
    return this.entries.get(fileId)?.uri;
  }
}
