/**
 * Hostile xlsx files built part by part: an exceljs workbook's own parts, some replaced, zipped by
 * hand so that a part can be far larger inflated than it is zipped (a zip bomb), or declare less
 * than it holds (a bomb that lies). A part's content may be a repeated chunk, deflated as a stream,
 * so that a 300 MB part never exists in the test's memory.
 */
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { inflatePart, zipParts } from '../../functions/adapters/zip-parts';

/** A part's content: bytes, or `head`, then `body` `times` times, then `tail`. */
export type PartContent = string | Buffer | { head: string; body: string; times: number; tail: string };

interface Zipped {
  name: string;
  deflated: Buffer;
  crc: number;
  size: number;
  /** The size the directory declares, when it is to lie. */
  declared?: number;
}

const chunksOf = function* (content: PartContent): Generator<Buffer> {
  if (typeof content === 'string' || Buffer.isBuffer(content)) {
    yield Buffer.from(content);
    return;
  }
  yield Buffer.from(content.head);
  // Bodies a MB at a time: 300 MB of them cost the test a MB.
  const body = Buffer.from(content.body);
  const perChunk = Math.max(1, Math.floor((1024 * 1024) / body.byteLength));
  const chunk = Buffer.concat(Array.from({ length: perChunk }, () => body));
  for (let done = 0; done < content.times; done += perChunk) yield content.times - done >= perChunk ? chunk : Buffer.concat(Array.from({ length: content.times - done }, () => body));
  yield Buffer.from(content.tail);
};

const zipped = async (name: string, content: PartContent, declared?: number): Promise<Zipped> => {
  if (typeof content === 'string' || Buffer.isBuffer(content)) {
    const bytes = Buffer.from(content);
    return { name, deflated: deflateRawSync(bytes, { level: 9 }), crc: crc32(bytes), size: bytes.byteLength, ...(declared !== undefined && { declared }) };
  }
  let crc = 0;
  let size = 0;
  const counted = Readable.from(
    (function* () {
      for (const chunk of chunksOf(content)) {
        crc = crc32(chunk, crc);
        size += chunk.byteLength;
        yield chunk;
      }
    })(),
  );
  const out: Buffer[] = [];
  for await (const piece of counted.pipe(createDeflateRaw({ level: 9 }))) out.push(piece as Buffer);
  return { name, deflated: Buffer.concat(out), crc, size, ...(declared !== undefined && { declared }) };
};

/** A zip of the parts, deflated; `declared` gives a part a size in the directory other than its own. */
export const zipOf = async (parts: Record<string, PartContent>, declared: Record<string, number> = {}): Promise<Buffer> => {
  const entries = await Promise.all(Object.entries(parts).map(([name, content]) => zipped(name, content, declared[name])));
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declared ?? entry.size;
    // The fields a local header and a directory entry share, the entry's 2 bytes further on.
    const shared = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflated
      header.writeUInt32LE(entry.crc >>> 0, at + 10);
      header.writeUInt32LE(entry.deflated.byteLength, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.byteLength, at + 22);
      return header;
    };
    const local = shared(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    const central = shared(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.deflated);
    directory.push(central, name);
    offset += 30 + name.byteLength + entry.deflated.byteLength;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
};

/** The 22 bytes of a zip with nothing in it. */
export const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array<number>(18).fill(0)]);

/** The parts of a one-sheet workbook exceljs writes (the sheet titled `卡点 checkpoints`), to replace some of. */
export const workbookParts = async (rows: (string | number)[][] = [['卡点编号 checkpointId']]): Promise<Record<string, Buffer>> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('卡点 checkpoints');
  for (const row of rows) sheet.addRow(row);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return Object.fromEntries(zipParts(bytes)!.map((part) => [part.name, inflatePart(bytes, part)]));
};

/** A worksheet's XML around its rows (`<row>` elements as written). */
export const sheetXml = (rows: string, after = ''): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>${after}</worksheet>`;

/** The worksheet part exceljs writes for the first sheet. */
export const SHEET_PART = 'xl/worksheets/sheet1.xml';
