// The bytes of a printed ticket, read back with our own decoder: code page, Vietnamese text, QR payload, raster, cut.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { DLE_EOT, statusOf } from '../../printer/src/connection.ts';
import { decodeCp1258, encodeCp1258 } from '../../printer/src/cp1258.ts';
import { decode, type Op, stackRaster, textLines } from '../../printer/src/decode.ts';
import { ticketLayout } from '../../printer/src/layout.ts';
import { previewPng } from '../../printer/src/preview.ts';
import { type PaperWidth, profileOf } from '../../printer/src/profile.ts';
import { type Bitmap, renderTicket, slice } from '../../printer/src/raster.ts';
import { sampleJob } from '../../printer/src/sample.ts';
import { ticketBytes } from '../../printer/src/ticket-bytes.ts';
import { SCREENSHOTS } from '../helpers/browser.ts';

const job = sampleJob({ priority: 'elderly' });
const opsOf = (list: Op[], kind: Op['op']) => list.filter((o) => o.op === kind);
const sameDots = (a: Bitmap, b: Bitmap) =>
  a.width === b.width && a.height === b.height && Buffer.compare(Buffer.from(a.dots), Buffer.from(b.dots)) === 0;

/** Reads the QR symbol drawn in a bitmap at a known place, module by module. */
function readQrMatrix(image: Bitmap, top: number, moduleDots: number, size: number): boolean[][] {
  const left = Math.round((image.width - size * moduleDots) / 2);
  const first = top + 2 * moduleDots; // below the quiet zone
  return Array.from({ length: size }, (_, r) =>
    Array.from(
      { length: size },
      (_, c) =>
        image.dots[
          (first + r * moduleDots + (moduleDots >> 1)) * image.width + left + c * moduleDots + (moduleDots >> 1)
        ] === 1,
    ),
  );
}

describe('Windows-1258 encoding', () => {
  it('carries every Vietnamese letter, splitting letters with no byte of their own into base + tone mark', () => {
    const bases = 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY';
    const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
    const all = [...bases].flatMap((b) => tones.map((t) => (b + t).normalize('NFC'))).join('') + 'đĐ';
    const bytes = encodeCp1258(all)!;
    expect(bytes).not.toBeNull();
    expect(decodeCp1258(bytes)).toBe(all);
    expect(bytes.includes(0x3f)).toBe(false); // no "?" anywhere
    // Ố is Ô (0xD4) followed by the combining acute (0xEC); ự is ư (0xFD) followed by the dot below (0xF2).
    expect([...encodeCp1258('Ố')!]).toEqual([0xd4, 0xec]);
    expect([...encodeCp1258('ự')!]).toEqual([0xfd, 0xf2]);
  });

  it('refuses what the code page cannot carry instead of printing "?"', () => {
    expect(encodeCp1258('Số → quầy')).toBeNull();
    expect(encodeCp1258('中文')).toBeNull();
  });
});

describe('ticket bytes', () => {
  for (const paper of [80, 58] as const) {
    it(`EPSON raster at ${paper} mm: the image is the preview, the QR is native GS ( k with the tracking URL, then a cut`, async () => {
      const bytes = await ticketBytes(job, paper, profileOf('epson'));
      const ops = decode(bytes, { commands: 'epson' });
      expect(ops[0]).toEqual({ op: 'init' });
      expect(opsOf(ops, 'text')).toEqual([]); // raster mode: no text bytes at all
      expect(opsOf(ops, 'qr')).toEqual([
        { op: 'qr', data: job.trackingUrl, model: 2, cellSize: paper === 80 ? 5 : 4, ecc: 'M' },
      ]);
      expect(opsOf(ops, 'cut')).toHaveLength(1);
      expect(ops.findIndex((o) => o.op === 'cut')).toBeGreaterThan(ops.findIndex((o) => o.op === 'qr'));

      const rendered = renderTicket(ticketLayout(job, paper));
      expect(rendered.width).toBe(paper === 80 ? 576 : 384);
      const qrIndex = ops.findIndex((o) => o.op === 'qr');
      const above = stackRaster(ops.slice(0, qrIndex));
      const below = stackRaster(ops.slice(qrIndex));
      expect(sameDots(above, slice(rendered, 0, rendered.qr!.top))).toBe(true);
      expect(sameDots(below, slice(rendered, rendered.qr!.bottom, rendered.height))).toBe(true);
    });
  }

  it('generic ESC/POS: the QR is part of the raster image and reads back as the tracking URL', async () => {
    const paper: PaperWidth = 80;
    const ops = decode(await ticketBytes(job, paper, profileOf('escpos')), { commands: 'epson' });
    expect(opsOf(ops, 'qr')).toEqual([]);
    const image = stackRaster(ops);
    const rendered = renderTicket(ticketLayout(job, paper));
    expect(sameDots(image, rendered)).toBe(true);
    const symbol = QRCode.create(job.trackingUrl, { errorCorrectionLevel: 'M' }).modules;
    const expected = Array.from({ length: symbol.size }, (_, r) =>
      Array.from({ length: symbol.size }, (_, c) => symbol.get(r, c) === 1),
    );
    expect(readQrMatrix(image, rendered.qr!.top, rendered.qr!.moduleDots, symbol.size)).toEqual(expected);
    // The band commands stay small for printers with small buffers.
    for (const o of opsOf(ops, 'raster')) if (o.op === 'raster') expect(o.image.height).toBeLessThanOrEqual(240);
  });

  it('EPSON text mode: ESC t 52 then Windows-1258 text, decomposed tones, the inverted priority mark as an image', async () => {
    const bytes = await ticketBytes(job, 80, profileOf('epson', { text: 'text:52' }));
    const ops = decode(bytes, { commands: 'epson', vietnamesePage: 52 });
    expect(ops[1]).toEqual({ op: 'codepage', page: 52 });
    const lines = textLines(ops);
    expect(lines).toContain('SỐ THỨ TỰ');
    expect(lines).toContain('1023');
    expect(lines).toContain('Lĩnh vực: Hộ tịch');
    expect(lines).toContain('Người cao tuổi');
    expect(lines).toContain('Cảm ơn Quý khách!');
    expect(lines.some((l) => /^Thời gian lấy số: +21\/09\/2025 08:15$/.test(l))).toBe(true);
    expect(lines.some((l) => /^Số người chờ trước: +7$/.test(l))).toBe(true);
    expect(lines.some((l) => /khoảng 21 phút$/.test(l))).toBe(true);
    expect(lines).toContain('Mã hồ sơ: 000.00.53.H48-250921-0099');
    for (const o of opsOf(ops, 'text')) if (o.op === 'text') expect(o.bytes.includes(0x3f)).toBe(false);
    // "SỐ" went out as S, Ô, combining acute.
    expect(bytes.includes(Buffer.from([0x53, 0xd4, 0xec]))).toBe(true);
    expect(opsOf(ops, 'raster').length).toBeGreaterThan(0); // the white-on-black ƯU TIÊN
    expect(opsOf(ops, 'qr')).toHaveLength(1);
    expect(opsOf(ops, 'cut')).toHaveLength(1);
  });

  it('text mode draws a line the code page cannot carry as an image, never "?"', async () => {
    const odd = sampleJob();
    odd.issued.center.commune = 'Phường Ninh Kiều → Cần Thơ';
    const ops = decode(await ticketBytes(odd, 58, profileOf('epson', { text: 'text:52' })), { commands: 'epson' });
    const lines = textLines(ops);
    expect(lines.some((l) => l.includes('→') || l.includes('?'))).toBe(false);
    expect(lines).toContain('SỐ THỨ TỰ');
    expect(opsOf(ops, 'raster').length).toBeGreaterThan(0);
  });

  it('STAR: raster bands, and a complete ESC GS y QR sequence (node-thermal-printer 4.6 drops its data header)', async () => {
    const bytes = await ticketBytes(job, 80, profileOf('star'));
    const ops = decode(bytes, { commands: 'star' });
    expect(opsOf(ops, 'codepage')).toEqual([]);
    expect(opsOf(ops, 'text')).toEqual([]);
    expect(opsOf(ops, 'qr')).toEqual([{ op: 'qr', data: job.trackingUrl, model: 2, cellSize: 5, ecc: 'M' }]);
    expect(bytes.includes(Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00]))).toBe(true);
    expect(opsOf(ops, 'cut')).toEqual([{ op: 'cut', partial: false }]);
    const rendered = renderTicket(ticketLayout(job, 80));
    const above = stackRaster(
      ops.slice(
        0,
        ops.findIndex((o) => o.op === 'qr'),
      ),
    );
    // STAR prints 24-dot bands: the last band is padded with white.
    expect(sameDots(slice(above, 0, rendered.qr!.top), slice(rendered, 0, rendered.qr!.top))).toBe(true);
  });

  it('refuses a text mode on STAR, which has no Vietnamese code page', () => {
    expect(() => profileOf('star', { text: 'text:52' })).toThrow(/no Vietnamese code page/);
  });
});

describe('DLE EOT status', () => {
  it('reads paper end, cover open and ready from the answers to DLE EOT 2 and 4', () => {
    expect([...DLE_EOT(4)]).toEqual([0x10, 0x04, 0x04]);
    expect(statusOf(0x12, 0x12)).toEqual({ printer: 'ready', message: null, condition: 'ok' });
    expect(statusOf(0x12, 0x12 | 0x60)).toMatchObject({ printer: 'paper_out', condition: 'paper_out' });
    expect(statusOf(0x12 | 0x20, 0x12)).toMatchObject({ printer: 'paper_out', condition: 'paper_out' });
    expect(statusOf(0x12 | 0x04, 0x12)).toMatchObject({ printer: 'error', condition: 'cover_open' });
    expect(statusOf(0x12 | 0x40, 0x12)).toMatchObject({ printer: 'error', condition: 'printer_error' });
    // Near end still prints; the heartbeat says it.
    expect(statusOf(0x12, 0x12 | 0x0c)).toEqual({
      printer: 'ready',
      message: expect.stringMatching(/near end/),
      condition: 'paper_near_end',
    });
    expect(statusOf(0x00, 0x12)).toMatchObject({ printer: 'error', condition: 'printer_error' }); // not a status byte
  });
});

describe('preview', () => {
  it('renders the Vietnamese ticket to PNG at 80 and 58 mm', () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const paper of [80, 58] as const) {
      for (const [name, j] of [
        ['ticket', sampleJob()],
        ['priority', sampleJob({ number: 1024, priority: 'elderly', peopleAhead: 0, wait: null })],
      ] as const) {
        const png = previewPng(j, paper);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        writeFileSync(join(SCREENSHOTS, `print-${name}-${paper}mm.png`), png);
      }
    }
  });
});
