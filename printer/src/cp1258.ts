// Vietnamese in Windows-1258, the code page thermal printers call "Vietnamese" (page 52 on EPSON). Most toned
// letters (ố, ầ, ự) have no byte of their own: they are a base letter (ô, â, ư) followed by a combining tone mark.

const DECODER = new TextDecoder('windows-1258');
/** Unicode character → its byte, built from the platform's own Windows-1258 decoder. */
const BYTE_OF = new Map<string, number>();
for (let b = 0; b < 256; b++) {
  const ch = DECODER.decode(Uint8Array.of(b));
  if (ch !== '\uFFFD' && !BYTE_OF.has(ch)) BYTE_OF.set(ch, b);
}

/** The tone marks; the other marks (circumflex, breve, horn) stay composed with their letter. */
const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

/**
 * Encodes text to Windows-1258, splitting each letter into base + tone mark where needed. Returns null when a
 * character cannot be carried (the caller then draws the line as an image): never a silent "?".
 */
export function encodeCp1258(text: string): Buffer | null {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = BYTE_OF.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const parts = [...ch.normalize('NFD')];
    const tones = parts.filter((p) => TONES.has(p));
    const base = parts
      .filter((p) => !TONES.has(p))
      .join('')
      .normalize('NFC');
    const baseByte = BYTE_OF.get(base);
    if (baseByte === undefined || tones.length !== 1) return null;
    const toneByte = BYTE_OF.get(tones[0]);
    if (toneByte === undefined) return null;
    out.push(baseByte, toneByte);
  }
  return Buffer.from(out);
}

/** What a printer set to Windows-1258 shows for these bytes, composed as a reader sees it. */
export function decodeCp1258(bytes: Uint8Array): string {
  return DECODER.decode(bytes).normalize('NFC');
}
