/**
 * Reads git's index file (`.git/index`, formats 2, 3 and 4) without running git: running git in a
 * workspace honours the repository's own config (core.fsmonitor, hooks), which a hostile repository
 * controls. Only the entry paths are read; nothing in the file is executed or followed.
 * Format: https://git-scm.com/docs/index-format
 */

export interface GitIndex {
  readonly version: 2 | 3 | 4;
  /** Paths of the entries, '/'-separated, relative to the work tree (every stage, intent-to-add too). */
  readonly paths: ReadonlySet<string>;
  /** Directories a sparse index keeps as one entry (no trailing '/'): every file below them is tracked. */
  readonly sparseDirs: readonly string[];
  /** Hex object name of the shared index a split index (`link` extension) refers to, if any. */
  readonly sharedIndex?: string;
}

const HEADER = 12;
/** ctime, mtime (8 each), dev, ino, mode, uid, gid, size (4 each). */
const STAT_BYTES = 40;
const EXTENDED_FLAG = 0x4000;
const NAME_MASK = 0x0fff;
const SPARSE_DIR_MODE = 0o040000;

/** Parses an index; throws with what is wrong when the bytes are not one. */
export function parseGitIndex(bytes: Uint8Array): GitIndex {
  if (bytes.length < HEADER || ascii(bytes, 0, 4) !== 'DIRC') throw new Error('not a git index (no DIRC signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4);
  if (version !== 2 && version !== 3 && version !== 4) throw new Error(`git index version ${version} is not supported`);
  const count = view.getUint32(8);
  // SHA-1 repositories use 20-byte object names, SHA-256 ones 32: the one that parses to the exact end wins.
  let firstError: unknown;
  for (const hashBytes of [20, 32]) {
    try {
      return parseEntries(bytes, view, version, count, hashBytes);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError instanceof Error ? firstError : new Error(String(firstError));
}

/** True when the index lists the path, or a sparse directory above it. */
export function indexTracks(index: GitIndex, relativePath: string): boolean {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (index.paths.has(path)) return true;
  return index.sparseDirs.some((dir) => path.startsWith(`${dir}/`));
}

function parseEntries(bytes: Uint8Array, view: DataView, version: 2 | 3 | 4, count: number, hashBytes: number): GitIndex {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const paths = new Set<string>();
  const sparseDirs: string[] = [];
  let offset = HEADER;
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const start = offset;
    need(bytes, offset, STAT_BYTES + hashBytes + 2);
    const mode = view.getUint32(offset + 24);
    offset += STAT_BYTES + hashBytes;
    const flags = view.getUint16(offset);
    offset += 2;
    if (flags & EXTENDED_FLAG) {
      if (version < 3) throw new Error('extended flags in a version 2 index');
      need(bytes, offset, 2);
      offset += 2;
    }
    let name: Uint8Array;
    if (version === 4) {
      const { value: strip, next } = readOffsetVarint(bytes, offset);
      offset = next;
      if (strip > previous.length) throw new Error('entry name removes more than the previous name holds');
      const end = bytes.indexOf(0, offset);
      if (end < 0) throw new Error('entry name is not terminated');
      name = concat(previous.subarray(0, previous.length - strip), bytes.subarray(offset, end));
      offset = end + 1;
    } else {
      const length = flags & NAME_MASK;
      const end = length < NAME_MASK ? offset + length : bytes.indexOf(0, offset);
      if (end < 0 || end >= bytes.length || bytes[end] !== 0) throw new Error('entry name is not terminated');
      name = bytes.subarray(offset, end);
      // 1 to 8 NUL bytes pad each entry to a multiple of 8.
      const padded = start + Math.ceil((end - start + 1) / 8) * 8;
      need(bytes, end, padded - end);
      for (let p = end; p < padded; p++) if (bytes[p] !== 0) throw new Error('entry padding is not NUL');
      offset = padded;
    }
    previous = name;
    const path = decoder.decode(name);
    if ((mode & 0o170000) === SPARSE_DIR_MODE && path.endsWith('/')) sparseDirs.push(path.slice(0, -1));
    else paths.add(path);
  }
  const sharedIndex = readExtensions(bytes, view, offset, hashBytes);
  return { version, paths, sparseDirs, ...(sharedIndex ? { sharedIndex } : {}) };
}

/** Walks the extensions up to the trailing checksum; returns the split index's shared index name. */
function readExtensions(bytes: Uint8Array, view: DataView, offset: number, hashBytes: number): string | undefined {
  const end = bytes.length - hashBytes;
  let shared: string | undefined;
  while (offset < end) {
    need(bytes, offset, 8);
    const signature = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4);
    offset += 8;
    if (offset + size > end) throw new Error(`extension ${JSON.stringify(signature)} runs past the end`);
    if (signature === 'link' && size >= hashBytes) shared = hex(bytes.subarray(offset, offset + hashBytes));
    offset += size;
  }
  if (offset !== end) throw new Error('the index does not end with a checksum');
  return shared;
}

/** Git's "offset" varint (varint.c): each continuation adds one before shifting. */
function readOffsetVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  need(bytes, offset, 1);
  let byte = bytes[offset++]!;
  let value = byte & 0x7f;
  while (byte & 0x80) {
    need(bytes, offset, 1);
    byte = bytes[offset++]!;
    value = (value + 1) * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) throw new Error('entry name prefix is too long');
  }
  return { value, next: offset };
}

function need(bytes: Uint8Array, offset: number, length: number): void {
  if (offset + length > bytes.length) throw new Error('the index is truncated');
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
