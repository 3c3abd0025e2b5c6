// The signature of the message gateway's requests, shared by the HTTP gateway adapter and the reference gateway:
// HMAC-SHA256 over "<timestamp>.<body>" with the shared secret, hex, in `x-luot-signature: sha256=<hex>`; the
// unix timestamp (seconds) in `x-luot-timestamp`. A request older or newer than MAX_SKEW_S is refused (replay).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-luot-signature';
export const TIMESTAMP_HEADER = 'x-luot-timestamp';
export const MAX_SKEW_S = 300;

export const signGatewayBody = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** Whether a request's signature is right and its time close enough to `nowS` (unix seconds). */
export function verifyGatewayRequest(
  secret: string,
  body: string,
  timestamp: string | undefined,
  signature: string | undefined,
  nowS: number,
): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowS - Number(timestamp)) > MAX_SKEW_S) return false;
  const expected = Buffer.from(signGatewayBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
