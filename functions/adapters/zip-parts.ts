/**
 * An xlsx's parts as its zip's central directory lists them, and each part inflated no further than
 * the size the directory declares for it: what the import checks before exceljs builds a workbook
 * (which inflates every part whole, trusting nothing but finding out only at the end).
 *
 * Only what an xlsx needs (PKWARE APPNOTE 4.3): the end record, the central directory, local headers,
 * parts stored or deflated. Bytes with no end record give undefined (not a zip: exceljs says so); a
 * directory this cannot read — zip64's among them, which no xlsx within the upload cap needs — throws,
 * so that nothing it could not check reaches exceljs. A part declaring 4 GiB is over any limit.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** As the central directory declares it; inflatePart holds the part to it. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes, then a comment of up to 65,535. */
const END_SEARCH = 22 + 0xffff;

/** The parts the central directory lists; undefined when the bytes have no end record, an Error when the directory is unreadable. */
export const zipParts = (bytes: Uint8Array): ZipPart[] | undefined => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - END_SEARCH); at -= 1) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const parts: ZipPart[] = [];
  for (let index = 0; index < entries; index += 1) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new Error(`the zip's directory is not readable at its entry ${index + 1} of ${entries}`);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    parts.push({
      name: Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString('utf8'),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + skip;
  }
  return parts;
};

/**
 * A part's bytes, inflated to at most its declared size: a part that would inflate to more (a zip
 * bomb that lies in its directory) throws, having used no more memory than it declared.
 */
export const inflatePart = (bytes: Uint8Array, part: ZipPart): Buffer => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = part.localHeaderOffset;
  if (header + 30 > bytes.byteLength || view.getUint32(header, true) !== LOCAL_HEADER) throw new Error(`${part.name}: no local header`);
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(part.compressedSize, Math.max(0, bytes.byteLength - start)));
  if (part.method === 0) {
    if (data.byteLength !== part.uncompressedSize) throw new Error(`${part.name}: stored, but not at its declared size`);
    return data;
  }
  if (part.method !== 8) throw new Error(`${part.name}: compression method ${part.method}`);
  // maxOutputLength 0 is refused: an empty part inflates to at most one byte, and then is checked.
  const inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, part.uncompressedSize) });
  if (inflated.byteLength > part.uncompressedSize) throw new RangeError(`${part.name}: more than its declared size`);
  return inflated;
};
