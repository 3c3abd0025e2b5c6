// What a printer model can do: its command set, how to print Vietnamese, how to print the QR code, how to ask its status.

export type CommandSet = 'epson' | 'star';
export type PaperWidth = 58 | 80;

export interface PrinterProfile {
  name: string;
  commands: CommandSet;
  /**
   * raster: every line of text is drawn as a 1-bit image (works on every printer, the default).
   * text: Windows-1258 text with ESC t <codePage>; any line the code page cannot carry is drawn as an image instead.
   */
  text: { mode: 'raster' } | { mode: 'text'; codePage: number };
  /** native: the printer's own QR command (EPSON GS ( k, STAR ESC GS y); raster: an image from `qrcode`. */
  qr: 'native' | 'raster';
  /** dle-eot: ask paper and cover status with DLE EOT before each job; none: the printer cannot answer. */
  status: 'dle-eot' | 'none';
}

/** Printable dots across the paper at 203 dpi. */
export const DOTS: Record<PaperWidth, number> = { 80: 576, 58: 384 };

export const PROFILES: Record<string, PrinterProfile> = {
  // EPSON TM-T20/T82/T88 and compatibles: native QR, real-time status.
  epson: { name: 'epson', commands: 'epson', text: { mode: 'raster' }, qr: 'native', status: 'dle-eot' },
  // Low-cost ESC/POS printers (Xprinter, GOOJPRT…): many lack GS ( k, so the QR is an image too.
  escpos: { name: 'escpos', commands: 'epson', text: { mode: 'raster' }, qr: 'raster', status: 'dle-eot' },
  // STAR in Star Line Mode (TSP100/TSP650…): no Vietnamese code page at all, and no DLE EOT.
  star: { name: 'star', commands: 'star', text: { mode: 'raster' }, qr: 'native', status: 'none' },
};

export interface ProfileOverrides {
  /** `raster`, or `text` with an optional code page number (`text:52`; Windows-1258 is 52 on EPSON). */
  text?: string;
  qr?: string;
  status?: string;
}

export function profileOf(name: string, overrides: ProfileOverrides = {}): PrinterProfile {
  const base = PROFILES[name];
  if (!base) throw new Error(`Unknown printer profile "${name}": use one of ${Object.keys(PROFILES).join(', ')}`);
  const profile: PrinterProfile = { ...base };
  if (overrides.text) {
    const m = /^(raster|text)(?::(\d{1,3}))?$/.exec(overrides.text);
    if (!m) throw new Error(`--text must be "raster" or "text:<code page number>", not "${overrides.text}"`);
    if (m[1] === 'raster') profile.text = { mode: 'raster' };
    else {
      if (profile.commands === 'star') throw new Error('STAR printers have no Vietnamese code page: use --text raster');
      profile.text = { mode: 'text', codePage: m[2] ? Number(m[2]) : 52 };
      if (profile.text.codePage > 255) throw new Error(`Code page ${profile.text.codePage} is not a byte`);
    }
  }
  if (overrides.qr) {
    if (overrides.qr !== 'native' && overrides.qr !== 'raster')
      throw new Error(`--qr must be native or raster, not "${overrides.qr}"`);
    profile.qr = overrides.qr;
  }
  if (overrides.status) {
    if (overrides.status !== 'dle-eot' && overrides.status !== 'none')
      throw new Error(`--status must be dle-eot or none, not "${overrides.status}"`);
    if (overrides.status === 'dle-eot' && profile.commands === 'star')
      throw new Error('STAR Line Mode has no DLE EOT status');
    profile.status = overrides.status;
  }
  return profile;
}

export function paperOf(value: string | number): PaperWidth {
  const n = Number(value);
  if (n !== 58 && n !== 80) throw new Error(`Paper width must be 58 or 80 (mm), not "${value}"`);
  return n;
}
