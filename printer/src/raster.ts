// Draws a ticket layout into a 1-bit image, exactly as the printer prints it: the preview PNG and the raster bytes
// come from this one bitmap.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { FONT_BOLD, FONT_REGULAR, loadFonts } from './fonts.ts';
import type { Block, TicketLayout } from './layout.ts';

/** A 1-bit image, one byte per dot (1 = black). */
export interface Bitmap {
  width: number;
  height: number;
  dots: Uint8Array;
}

export interface RenderedTicket extends Bitmap {
  /** Where the QR code sits (rows top..bottom), so a printer with a native QR command can print it there instead. */
  qr: { top: number; bottom: number; data: string; moduleDots: number } | null;
}

/** QR error correction used on paper and in the native command: M survives a crease or a smudge. */
export const QR_ECC = 'M';
/** Quiet zone around the QR code, in modules. */
export const QR_MARGIN = 2;
const MARGIN = 8;

const fontOf = (size: number, bold: boolean) => `${size}px ${bold ? FONT_BOLD : FONT_REGULAR}`;
/** Room for Vietnamese stacked marks (Ố, Ẫ) above the cap height and for descenders. */
const lineHeight = (size: number) => Math.ceil(size * 1.42);
const ascent = (size: number) => Math.ceil(size * 1.1);

/** Breaks a text into lines no wider than `max` dots, at spaces, or inside a word too long for a line. */
export function wrap(ctx: SKRSContext2D, text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= max) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (ctx.measureText(line).width > max && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > max) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

interface Placed {
  block: Block;
  top: number;
  height: number;
  lines: string[];
  /** For a pair: the value goes on its own line. */
  split?: boolean;
  numberSize?: number;
}

function measure(ctx: SKRSContext2D, block: Block, width: number): Omit<Placed, 'top'> {
  const max = width - 2 * MARGIN;
  switch (block.kind) {
    case 'text': {
      ctx.font = fontOf(block.size, block.bold);
      const lines = wrap(ctx, block.text, max - (block.invert ? 24 : 0));
      return { block, lines, height: lines.length * lineHeight(block.size) + (block.invert ? 8 : 0) };
    }
    case 'pair': {
      ctx.font = fontOf(block.size, false);
      const label = ctx.measureText(block.label).width;
      ctx.font = fontOf(block.size, true);
      const value = ctx.measureText(block.value).width;
      const split = label + value + block.size > max;
      return { block, lines: [], split, height: lineHeight(block.size) * (split ? 2 : 1) };
    }
    case 'number': {
      // Shrink a number too wide for narrow paper rather than cut it.
      let size = block.size;
      ctx.font = fontOf(size, true);
      while (ctx.measureText(block.text).width > max && size > 20) ctx.font = fontOf(--size, true);
      return { block, lines: [block.text], numberSize: size, height: Math.ceil(size * 0.92) };
    }
    case 'rule':
      return { block, lines: [], height: 18 };
    case 'space':
      return { block, lines: [], height: block.height };
    case 'qr': {
      const modules = QRCode.create(block.data, { errorCorrectionLevel: QR_ECC }).modules.size;
      return { block, lines: [], height: (modules + 2 * QR_MARGIN) * block.moduleDots };
    }
  }
}

function draw(ctx: SKRSContext2D, p: Placed, width: number) {
  const { block, top } = p;
  ctx.fillStyle = '#000';
  switch (block.kind) {
    case 'text': {
      ctx.font = fontOf(block.size, block.bold);
      let y = top + (block.invert ? 4 : 0);
      for (const line of p.lines) {
        const w = ctx.measureText(line).width;
        const x = block.align === 'center' ? Math.round((width - w) / 2) : MARGIN;
        if (block.invert) {
          ctx.fillStyle = '#000';
          ctx.fillRect(x - 12, y - 4, Math.ceil(w) + 24, lineHeight(block.size) + 4);
          ctx.fillStyle = '#fff';
        }
        ctx.fillText(line, x, y + ascent(block.size));
        ctx.fillStyle = '#000';
        y += lineHeight(block.size);
      }
      return;
    }
    case 'pair': {
      ctx.font = fontOf(block.size, false);
      ctx.fillText(block.label, MARGIN, top + ascent(block.size));
      ctx.font = fontOf(block.size, true);
      const w = ctx.measureText(block.value).width;
      const y = top + ascent(block.size) + (p.split ? lineHeight(block.size) : 0);
      ctx.fillText(block.value, Math.round(width - MARGIN - w), y);
      return;
    }
    case 'number': {
      const size = p.numberSize!;
      ctx.font = fontOf(size, true);
      const w = ctx.measureText(block.text).width;
      // Digits have no marks: the baseline sits at the cap height of the font (~0.72 em) plus a little air.
      ctx.fillText(block.text, Math.round((width - w) / 2), top + Math.round(size * 0.8));
      return;
    }
    case 'rule': {
      for (let x = MARGIN; x < width - MARGIN; x += 12) ctx.fillRect(x, top + 8, 7, 2);
      return;
    }
    case 'space':
      return;
    case 'qr': {
      const { modules } = QRCode.create(block.data, { errorCorrectionLevel: QR_ECC });
      const m = block.moduleDots;
      const left = Math.round((width - modules.size * m) / 2);
      for (let r = 0; r < modules.size; r++) {
        for (let c = 0; c < modules.size; c++)
          if (modules.get(r, c)) ctx.fillRect(left + c * m, top + (r + QR_MARGIN) * m, m, m);
      }
      return;
    }
  }
}

/** Renders a layout to a 1-bit bitmap; text is anti-aliased by the font engine, then thresholded like a print head. */
export function renderTicket(layout: TicketLayout): RenderedTicket {
  loadFonts();
  const { width } = layout;
  const probe = createCanvas(width, 10).getContext('2d');
  let y = 4;
  const placed: Placed[] = layout.blocks.map((block) => {
    const m = measure(probe, block, width);
    const p = { ...m, top: y };
    y += m.height;
    return p;
  });
  const height = y + 4;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  for (const p of placed) draw(ctx, p, width);

  const rgba = ctx.getImageData(0, 0, width, height).data;
  const dots = new Uint8Array(width * height);
  for (let i = 0; i < dots.length; i++) {
    const gray = 0.2126 * rgba[i * 4] + 0.7152 * rgba[i * 4 + 1] + 0.0722 * rgba[i * 4 + 2];
    dots[i] = gray < 128 ? 1 : 0;
  }
  const qrPlaced = placed.find((p) => p.block.kind === 'qr');
  const qr =
    qrPlaced && qrPlaced.block.kind === 'qr'
      ? {
          top: qrPlaced.top,
          bottom: qrPlaced.top + qrPlaced.height,
          data: qrPlaced.block.data,
          moduleDots: qrPlaced.block.moduleDots,
        }
      : null;
  return { width, height, dots, qr };
}

/** A horizontal band of a bitmap. */
export function slice(bitmap: Bitmap, top: number, bottom: number): Bitmap {
  return {
    width: bitmap.width,
    height: bottom - top,
    dots: bitmap.dots.subarray(top * bitmap.width, bottom * bitmap.width),
  };
}

/** PNG of a bitmap, black on white. */
export function pngOf(bitmap: Bitmap): Buffer {
  const canvas = createCanvas(bitmap.width, Math.max(1, bitmap.height));
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(bitmap.width, Math.max(1, bitmap.height));
  for (let i = 0; i < bitmap.dots.length; i++) {
    const v = bitmap.dots[i] ? 0 : 255;
    image.data[i * 4] = v;
    image.data[i * 4 + 1] = v;
    image.data[i * 4 + 2] = v;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toBuffer('image/png');
}
