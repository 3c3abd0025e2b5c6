// The secrets of online numbers and appointments, under one server key (server_keys 'citizen-hmac', generated at the
// first start): keyed digests of phone numbers and one-time codes (neither is stored in clear), and the check-in
// code a QR carries: a random reference and its HMAC, so a forged code is refused without a look-up.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../queue/service.ts';
import type { Store } from '../store/store.ts';

const KEY_NAME = 'citizen-hmac';
// No 0/O, 1/I/L: the code is read off a phone and typed at the kiosk.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const REF_LENGTH = 6;
const SIG_LENGTH = 6;

/** What a check-in code names: an online number or an appointment. */
export type CheckinKind = 'number' | 'appointment';
const KIND_LETTER: Record<CheckinKind, string> = { number: 'N', appointment: 'H' };
const KINDS: readonly CheckinKind[] = ['number', 'appointment'];

export async function citizenKey(store: Store, clock: Clock): Promise<Buffer> {
  const stored = await store.transaction(async (tx) => {
    if (!(await tx.notify.serverKey(KEY_NAME)))
      await tx.notify.insertServerKey(KEY_NAME, randomBytes(32).toString('base64'), clock().toISOString());
    return (await tx.notify.serverKey(KEY_NAME))!;
  });
  return Buffer.from(stored, 'base64');
}

/** The phone as one spelling: 0xxxxxxxxx. */
export const normalPhone = (phone: string) => phone.replace(/^\+84/, '0');

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

export class CitizenSecrets {
  constructor(private readonly key: Buffer) {}

  phoneDigest(phone: string): string {
    return hmac(this.key, `phone:${normalPhone(phone)}`).toString('hex');
  }

  codeDigest(requestId: string, code: string): string {
    return hmac(this.key, `otp:${requestId}:${code}`).toString('hex');
  }

  /** Whether a typed code matches the stored digest, in constant time. */
  codeMatches(requestId: string, code: string, digest: string): boolean {
    const a = Buffer.from(this.codeDigest(requestId, code), 'hex');
    const b = Buffer.from(digest, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private signatureOf(ref: string): string {
    const mac = hmac(this.key, `checkin:${ref}`);
    return Array.from({ length: SIG_LENGTH }, (_, i) => ALPHABET[mac[i] % ALPHABET.length]).join('');
  }

  /** A new check-in code: its reference (stored) and the code itself (reference + signature, shown and in the QR). */
  newCheckin(kind: CheckinKind): { ref: string; code: string } {
    const ref =
      KIND_LETTER[kind] + Array.from({ length: REF_LENGTH - 1 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return { ref, code: ref + this.signatureOf(ref) };
  }

  /** The code of a stored reference. */
  checkinCodeOf(ref: string): string {
    return ref + this.signatureOf(ref);
  }

  /** The kind and reference of a genuine code (normalised: upper case, no dashes); null for a forged one. */
  readCheckin(code: string): { kind: CheckinKind; ref: string } | null {
    if (code.length !== REF_LENGTH + SIG_LENGTH) return null;
    const ref = code.slice(0, REF_LENGTH);
    const kind = KINDS.find((k) => KIND_LETTER[k] === ref[0]);
    const given = Buffer.from(code.slice(REF_LENGTH));
    const expected = Buffer.from(this.signatureOf(ref));
    if (!kind || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { kind, ref };
  }
}

/** A one-time code: 6 digits. */
export const newOtp = () => String(randomInt(1_000_000)).padStart(6, '0');

/** Groups of four for reading aloud and typing: NK7Q-M2PX-H8XH. */
export const spacedCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');
