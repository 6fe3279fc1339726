// Lists the entries of a zip file (a .vsix) from its central directory, so the package check needs no
// unzip tool or extra dependency.
import { readFileSync } from 'node:fs';

export interface ZipEntry {
  name: string;
  size: number;
  /** CRC-32 of the uncompressed content, from the central directory: with the size, it tells contents apart. */
  crc32: number;
}

/** Names, uncompressed sizes and checksums of every entry in the zip at `path`. */
export function zipEntries(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: broken central directory`);
    const crc32 = zip.readUInt32LE(offset + 16);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size, crc32 });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
