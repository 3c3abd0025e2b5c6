// The TrueType fonts used to draw Vietnamese text as an image. Any font with Vietnamese glyphs works; the first
// pair found is used unless LUOT_FONT_REGULAR / LUOT_FONT_BOLD (or --font-regular / --font-bold) name the files.
import { GlobalFonts } from '@napi-rs/canvas';
import { existsSync } from 'node:fs';

export const FONT_REGULAR = 'LuotTicketRegular';
export const FONT_BOLD = 'LuotTicketBold';

/** Debian/Ubuntu (fonts-noto-core, fonts-dejavu-core) and Windows locations, in order of preference. */
const CANDIDATES: [string, string][] = [
  ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['C:\\Windows\\Fonts\\arial.ttf', 'C:\\Windows\\Fonts\\arialbd.ttf'],
];

export interface FontFiles {
  regular: string;
  bold: string;
}

let loaded: string | null = null;

export function findFonts(explicit: Partial<FontFiles> = {}): FontFiles {
  if (explicit.regular || explicit.bold) {
    const files = { regular: explicit.regular ?? explicit.bold!, bold: explicit.bold ?? explicit.regular! };
    for (const f of [files.regular, files.bold]) if (!existsSync(f)) throw new Error(`Font file not found: ${f}`);
    return files;
  }
  const pair = CANDIDATES.find(([r, b]) => existsSync(r) && existsSync(b));
  if (!pair) {
    throw new Error(
      'No font with Vietnamese glyphs found: install fonts-noto-core (Debian/Ubuntu) or set LUOT_FONT_REGULAR and LUOT_FONT_BOLD to .ttf files',
    );
  }
  return { regular: pair[0], bold: pair[1] };
}

/** Registers the fonts once per process; later calls with other files are refused rather than silently ignored. */
export function loadFonts(files: FontFiles = findFonts()): FontFiles {
  const key = `${files.regular}|${files.bold}`;
  if (loaded === key) return files;
  if (loaded !== null) throw new Error(`Fonts already loaded from ${loaded}`);
  if (!GlobalFonts.registerFromPath(files.regular, FONT_REGULAR)) throw new Error(`Cannot load font ${files.regular}`);
  if (!GlobalFonts.registerFromPath(files.bold, FONT_BOLD)) throw new Error(`Cannot load font ${files.bold}`);
  loaded = key;
  return files;
}
