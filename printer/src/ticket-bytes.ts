// A print job as the bytes a thermal printer prints, built with node-thermal-printer (no printer attached: getBuffer).
import type { PrintJob, ReceiptForm } from '@luot/contract';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { encodeCp1258 } from './cp1258.ts';
import { type Block, type TicketLayout, ticketLayout } from './layout.ts';
import { receiptLayout } from './receipt-layout.ts';
import type { PaperWidth, PrinterProfile } from './profile.ts';
import { type Bitmap, pngOf, QR_ECC, QR_MARGIN, renderTicket, slice } from './raster.ts';

/** Rows per raster command: small printers have small receive buffers, and STAR prints in 24-dot bands. */
const BAND_ROWS = 240;
/** Characters per line of font A (12 × 24 dots). */
const COLUMNS: Record<PaperWidth, number> = { 80: 48, 58: 32 };

const ESC = 0x1b;
/** ESC J n: feed paper; EPSON counts dots, STAR Line Mode quarter millimetres (2 dots at 203 dpi). */
const feedDots = (profile: PrinterProfile, dots: number) =>
  Buffer.from([ESC, 0x4a, Math.min(255, Math.max(0, profile.commands === 'star' ? Math.round(dots / 2) : dots))]);

function newPrinter(profile: PrinterProfile, paper: PaperWidth): ThermalPrinter {
  // An empty interface: the library then only builds the buffer.
  const printer = new ThermalPrinter({
    type: profile.commands === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '',
    width: COLUMNS[paper],
  });
  printer.add(Buffer.from([ESC, 0x40])); // ESC @: reset modes left by the last job
  return printer;
}

async function raster(printer: ThermalPrinter, bitmap: Bitmap) {
  for (let top = 0; top < bitmap.height; top += BAND_ROWS) {
    await printer.printImageBuffer(pngOf(slice(bitmap, top, Math.min(bitmap.height, top + BAND_ROWS))));
  }
}

function nativeQr(printer: ThermalPrinter, profile: PrinterProfile, data: string, moduleDots: number) {
  if (profile.commands === 'epson')
    return printer.printQR(data, { model: 2, cellSize: moduleDots, correction: QR_ECC });
  // node-thermal-printer 4.6 leaves out the STAR data command header (ESC GS y D 1 0), so the printer would print
  // the URL as text: the STAR sequence is written here instead.
  const payload = Buffer.from(data, 'latin1');
  const y = (...bytes: number[]) => Buffer.from([ESC, 0x1d, 0x79, ...bytes]);
  printer.add(
    Buffer.concat([
      y(0x53, 0x30, 2), // model 2
      y(0x53, 0x31, ['L', 'M', 'Q', 'H'].indexOf(QR_ECC)),
      y(0x53, 0x32, moduleDots),
      y(0x44, 0x31, 0x00, payload.length & 0xff, payload.length >> 8),
      payload,
      y(0x50), // print
    ]),
  );
}

/** A block drawn alone as an image: the fallback for text a code page cannot carry. */
async function rasterBlock(printer: ThermalPrinter, block: Block, width: number) {
  printer.alignLeft();
  await raster(printer, renderTicket({ width, blocks: [block] }));
}

async function textModeBlock(
  printer: ThermalPrinter,
  block: Block,
  width: number,
  paper: PaperWidth,
  profile: PrinterProfile,
) {
  const columns = COLUMNS[paper];
  const encodedLines = (lines: string[]) => {
    const out = lines.map(encodeCp1258);
    return out.every((b): b is Buffer => b !== null) ? out : null;
  };
  switch (block.kind) {
    case 'text': {
      const scale = Math.min(2, Math.max(1, Math.round(block.size / 28)));
      const lines = foldColumns(block.text, Math.floor(columns / scale));
      const bytes = encodedLines(lines);
      if (!bytes || block.invert) return rasterBlock(printer, block, width);
      if (block.align === 'center') printer.alignCenter();
      else printer.alignLeft();
      printer.bold(block.bold);
      printer.setTextSize(scale - 1, scale - 1);
      for (const line of bytes) printer.add(Buffer.concat([line, Buffer.from('\n')]));
      printer.setTextNormal();
      printer.bold(false);
      return;
    }
    case 'pair': {
      const room = columns - [...block.label].length - [...block.value].length;
      const lines =
        room >= 1
          ? [block.label + ' '.repeat(room) + block.value]
          : [block.label, ' '.repeat(Math.max(0, columns - [...block.value].length)) + block.value];
      const bytes = encodedLines(lines);
      if (!bytes) return rasterBlock(printer, block, width);
      printer.alignLeft();
      for (const line of bytes) printer.add(Buffer.concat([line, Buffer.from('\n')]));
      return;
    }
    case 'number': {
      const scale = Math.max(1, Math.min(8, Math.floor(columns / block.text.length)));
      printer.alignCenter();
      printer.bold(true);
      printer.setTextSize(scale - 1, scale - 1);
      printer.add(Buffer.from(`${block.text}\n`, 'ascii'));
      printer.setTextNormal();
      printer.bold(false);
      return;
    }
    case 'rule':
      printer.alignLeft();
      printer.add(Buffer.from(`${'-'.repeat(columns)}\n`, 'ascii'));
      return;
    case 'space':
      printer.add(feedDots(profile, block.height));
      return;
    case 'qr':
      if (profile.qr === 'native') {
        printer.alignCenter();
        nativeQr(printer, profile, block.data, block.moduleDots);
        printer.add(Buffer.from('\n'));
      } else await rasterBlock(printer, block, width);
      return;
  }
}

/** Word-wraps to a number of characters (text mode). */
export function foldColumns(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if ([...candidate].length <= columns) line = candidate;
    else {
      if (line) lines.push(line);
      line = word;
      while ([...line].length > columns) {
        lines.push([...line].slice(0, columns).join(''));
        line = [...line].slice(columns).join('');
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

export const ticketBytes = (job: PrintJob, paper: PaperWidth, profile: PrinterProfile): Promise<Buffer> =>
  layoutBytes(ticketLayout(job, paper), paper, profile);

/** The receipt of a dossier (form no. 01), by the same path as a ticket. */
export const receiptBytes = (form: ReceiptForm, paper: PaperWidth, profile: PrinterProfile): Promise<Buffer> =>
  layoutBytes(receiptLayout(form, paper), paper, profile);

/** A layout as the printer's bytes: raster (the default) or the code page's text, then a cut. */
export async function layoutBytes(layout: TicketLayout, paper: PaperWidth, profile: PrinterProfile): Promise<Buffer> {
  const printer = newPrinter(profile, paper);
  if (profile.text.mode === 'text') {
    printer.add(Buffer.from([ESC, 0x74, profile.text.codePage])); // ESC t n: select the Vietnamese code page
    for (const block of layout.blocks) await textModeBlock(printer, block, layout.width, paper, profile);
  } else {
    const ticket = renderTicket(layout);
    printer.alignLeft();
    if (ticket.qr && profile.qr === 'native') {
      // The printer draws the symbol alone: feed the quiet zone the bitmap keeps around it.
      const margin = QR_MARGIN * ticket.qr.moduleDots;
      await raster(printer, slice(ticket, 0, ticket.qr.top));
      printer.add(feedDots(profile, margin));
      printer.alignCenter();
      nativeQr(printer, profile, ticket.qr.data, ticket.qr.moduleDots);
      printer.add(feedDots(profile, margin));
      printer.alignLeft();
      await raster(printer, slice(ticket, ticket.qr.bottom, ticket.height));
    } else {
      await raster(printer, ticket);
    }
  }
  printer.cut();
  return printer.getBuffer();
}
