// Reads printer bytes back into commands: the EPSON ESC/POS and STAR Line Mode commands luot emits, and nothing
// else (an unknown command is an error, so a test notices any byte it did not expect).
import { decodeCp1258 } from './cp1258.ts';
import type { Bitmap } from './raster.ts';
import type { CommandSet } from './profile.ts';

export type Op =
  | { op: 'init' }
  | { op: 'align'; align: 'left' | 'center' | 'right' }
  | { op: 'codepage'; page: number }
  | { op: 'bold'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'feed'; dots: number }
  | { op: 'feed-lines'; lines: number }
  | { op: 'line-spacing' }
  /** Text up to a line feed, as the printer shows it in the code page in force. */
  | { op: 'text'; text: string; bytes: Buffer; page: number }
  | { op: 'newline' }
  | { op: 'raster'; image: Bitmap }
  | { op: 'qr'; data: string; model: number; cellSize: number; ecc: string }
  | { op: 'cut'; partial: boolean }
  | { op: 'status-query'; n: number };

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const LF = 0x0a;
const ECC = ['L', 'M', 'Q', 'H'];

export interface DecodeOptions {
  commands: CommandSet;
  /** The code page number that means Windows-1258 on this printer (52 on EPSON). */
  vietnamesePage?: number;
}

/** Unpacks rows of 1-bit bytes (MSB = leftmost dot) into one byte per dot. */
function unpack(data: Buffer, widthBytes: number, rows: number): Bitmap {
  const width = widthBytes * 8;
  const dots = new Uint8Array(width * rows);
  for (let y = 0; y < rows; y++) {
    for (let xb = 0; xb < widthBytes; xb++) {
      const byte = data[y * widthBytes + xb];
      for (let bit = 0; bit < 8; bit++) dots[y * width + xb * 8 + bit] = (byte >> (7 - bit)) & 1;
    }
  }
  return { width, height: rows, dots };
}

export function decode(bytes: Buffer, { commands, vietnamesePage = 52 }: DecodeOptions): Op[] {
  const ops: Op[] = [];
  let page = 0;
  let text: number[] = [];
  const qr = { model: 2, cellSize: 3, ecc: 'L', data: null as string | null };
  let i = 0;

  const need = (n: number) => {
    if (i + n > bytes.length) throw new Error(`Truncated command at byte ${i}`);
  };
  const flushText = () => {
    if (text.length === 0) return;
    const raw = Buffer.from(text);
    text = [];
    if (page === vietnamesePage) ops.push({ op: 'text', text: decodeCp1258(raw), bytes: raw, page });
    else if (raw.every((b) => b < 0x80)) ops.push({ op: 'text', text: raw.toString('ascii'), bytes: raw, page });
    else throw new Error(`Text bytes beyond ASCII in code page ${page}: ${raw.toString('hex')}`);
  };
  const command = (op: Op, length: number) => {
    flushText();
    ops.push(op);
    i += length;
  };
  const unknown = () => {
    throw new Error(`Unknown command at byte ${i}: ${bytes.subarray(i, i + 6).toString('hex')}`);
  };

  while (i < bytes.length) {
    const b = bytes[i];
    if (b === LF) {
      command({ op: 'newline' }, 1);
    } else if (b === DLE && bytes[i + 1] === 0x04) {
      need(3);
      command({ op: 'status-query', n: bytes[i + 2] }, 3);
    } else if (commands === 'star' && b === 0x0b) {
      command({ op: 'feed-lines', lines: 1 }, 1);
    } else if (b === ESC) {
      need(2);
      const c = bytes[i + 1];
      if (c === 0x40) command({ op: 'init' }, 2);
      else if (c === 0x45 && commands === 'epson') command({ op: 'bold', on: bytes[i + 2] === 1 }, 3);
      else if (c === 0x45) command({ op: 'bold', on: true }, 2);
      else if (c === 0x46 && commands === 'star') command({ op: 'bold', on: false }, 2);
      else if (c === 0x61 && commands === 'epson')
        command({ op: 'align', align: (['left', 'center', 'right'] as const)[bytes[i + 2] % 48] }, 3);
      else if (c === 0x74 && commands === 'epson') {
        const n = bytes[i + 2];
        command({ op: 'codepage', page: n }, 3);
        page = n;
      } else if (c === 0x21 && commands === 'epson') {
        const n = bytes[i + 2];
        command({ op: 'size', width: n & 0x20 ? 2 : 1, height: n & 0x10 ? 2 : 1 }, 3);
      } else if (c === 0x4a) command({ op: 'feed', dots: commands === 'star' ? bytes[i + 2] * 2 : bytes[i + 2] }, 3);
      else if (c === 0x64 && commands === 'epson') command({ op: 'feed-lines', lines: bytes[i + 2] }, 3);
      else if (c === 0x64 && commands === 'star')
        command({ op: 'cut', partial: bytes[i + 2] === 3 || bytes[i + 2] === 1 }, 3);
      else if (c === 0x30 && commands === 'star') command({ op: 'line-spacing' }, 2);
      else if (c === 0x7a && commands === 'star') command({ op: 'line-spacing' }, 3);
      else if (c === 0x6b && commands === 'star') {
        // ESC k n1 n2 d…: one 24-dot band, n1 bytes across, rows one after the other.
        need(4);
        const widthBytes = bytes[i + 2] + bytes[i + 3] * 256;
        need(4 + widthBytes * 24);
        const band = unpack(bytes.subarray(i + 4, i + 4 + widthBytes * 24), widthBytes, 24);
        command({ op: 'raster', image: band }, 4 + widthBytes * 24);
      } else if (c === GS && commands === 'star') {
        need(3);
        const d = bytes[i + 2];
        if (d === 0x61) command({ op: 'align', align: (['left', 'center', 'right'] as const)[bytes[i + 3] % 48] }, 4);
        else if (d === 0x79) {
          // ESC GS y: QR code settings, data and print.
          const f = bytes[i + 3];
          if (f === 0x53) {
            const [kind, n] = [bytes[i + 4], bytes[i + 5]];
            if (kind === 0x30) qr.model = n;
            else if (kind === 0x31) qr.ecc = ECC[n];
            else if (kind === 0x32) qr.cellSize = n;
            else unknown();
            flushText();
            i += 6;
          } else if (f === 0x44 && bytes[i + 4] === 0x31) {
            const length = bytes[i + 6] + bytes[i + 7] * 256;
            need(8 + length);
            flushText();
            qr.data = bytes.subarray(i + 8, i + 8 + length).toString('latin1');
            i += 8 + length;
          } else if (f === 0x50) {
            if (qr.data === null) throw new Error('QR print without data');
            command({ op: 'qr', data: qr.data, model: qr.model, cellSize: qr.cellSize, ecc: qr.ecc }, 4);
            qr.data = null;
          } else unknown();
        } else unknown();
      } else unknown();
    } else if (b === GS && commands === 'epson') {
      need(2);
      const c = bytes[i + 1];
      if (c === 0x21) {
        const n = bytes[i + 2];
        command({ op: 'size', width: ((n >> 4) & 7) + 1, height: (n & 7) + 1 }, 3);
      } else if (c === 0x56) {
        // GS V m (0/1/48/49) or GS V m n (65/66).
        const m = bytes[i + 2];
        command({ op: 'cut', partial: m === 1 || m === 49 || m === 66 }, m >= 65 ? 4 : 3);
      } else if (c === 0x76 && bytes[i + 2] === 0x30) {
        // GS v 0 m xL xH yL yH d…: raster image.
        need(8);
        const widthBytes = bytes[i + 4] + bytes[i + 5] * 256;
        const rows = bytes[i + 6] + bytes[i + 7] * 256;
        need(8 + widthBytes * rows);
        command(
          { op: 'raster', image: unpack(bytes.subarray(i + 8, i + 8 + widthBytes * rows), widthBytes, rows) },
          8 + widthBytes * rows,
        );
      } else if (c === 0x28 && bytes[i + 2] === 0x6b) {
        // GS ( k pL pH cn fn …: 2D code functions; cn 0x31 is QR.
        need(7);
        const length = bytes[i + 3] + bytes[i + 4] * 256;
        need(5 + length);
        const [cn, fn] = [bytes[i + 5], bytes[i + 6]];
        if (cn !== 0x31) unknown();
        const params = bytes.subarray(i + 7, i + 5 + length);
        flushText();
        if (fn === 0x41) qr.model = params[0] - 0x30;
        else if (fn === 0x43) qr.cellSize = params[0];
        else if (fn === 0x45) qr.ecc = ECC[params[0] - 0x30];
        else if (fn === 0x50) qr.data = params.subarray(1).toString('latin1');
        else if (fn === 0x51) {
          if (qr.data === null) throw new Error('QR print without data');
          ops.push({ op: 'qr', data: qr.data, model: qr.model, cellSize: qr.cellSize, ecc: qr.ecc });
          qr.data = null;
        } else unknown();
        i += 5 + length;
      } else unknown();
    } else if (b >= 0x20) {
      text.push(b);
      i++;
    } else unknown();
  }
  flushText();
  return ops;
}

/** The text lines a printer prints (text mode), NFC. */
export const textLines = (ops: Op[]) => ops.filter((o) => o.op === 'text').map((o) => o.text);

/** Every raster image stacked top to bottom, as the paper shows them (they must share one width). */
export function stackRaster(ops: Op[]): Bitmap {
  const images = ops.flatMap((o) => (o.op === 'raster' ? [o.image] : []));
  if (images.length === 0) return { width: 0, height: 0, dots: new Uint8Array() };
  const width = images[0].width;
  if (images.some((im) => im.width !== width)) throw new Error('Raster images of different widths');
  const height = images.reduce((h, im) => h + im.height, 0);
  const dots = new Uint8Array(width * height);
  let y = 0;
  for (const im of images) {
    dots.set(im.dots, y * width);
    y += im.height;
  }
  return { width, height, dots };
}
