// The enrolled device a kiosk or display page is: its credential, kept in the browser's localStorage after the
// one-time pairing code was traded for it (POST /api/devices/pair). The server keeps only its digest.
import { DEVICE_HEADER, type DeviceKind, type ErrorBody, type PairedDevice } from '@luot/contract';

const KEY = 'luot.device';

/** The device this browser was paired as, if it is one of these kinds. */
export function storedDevice(kinds: readonly DeviceKind[]): PairedDevice | null {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as PairedDevice | null;
    return saved && kinds.includes(saved.device.kind) ? saved : null;
  } catch {
    return null;
  }
}

/** The credential was refused (revoked, or the server's database was recreated): pair again. */
export function forgetDevice(): void {
  localStorage.removeItem(KEY);
}

/** Trades a pairing code for this device's credential and keeps it; the refusal otherwise. */
export async function pairDevice(
  code: string,
  kinds: readonly DeviceKind[],
): Promise<{ ok: true; paired: PairedDevice } | { ok: false; error: Pick<ErrorBody, 'message' | 'messageVi'> }> {
  let res: Response;
  try {
    res = await fetch('/api/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  } catch {
    return { ok: false, error: { messageVi: 'Không kết nối được máy chủ', message: 'The server cannot be reached' } };
  }
  const body = (await res.json()) as PairedDevice | ErrorBody;
  if (!('credential' in body)) return { ok: false, error: body };
  if (!kinds.includes(body.device.kind))
    return {
      ok: false,
      error: {
        messageVi: `Mã này dành cho thiết bị loại ${body.device.kind}`,
        message: `This code is for a ${body.device.kind}`,
      },
    };
  localStorage.setItem(KEY, JSON.stringify(body));
  return { ok: true, paired: body };
}

/** The header that identifies the device on an HTTP request. */
export const deviceHeaders = (paired: PairedDevice) => ({ [DEVICE_HEADER]: paired.credential });

/** The page's URL without its `pair` parameter (the code is used once). */
export function withoutPairCode(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('pair');
  return url.toString();
}
