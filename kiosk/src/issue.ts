// Issuing a ticket over HTTP. One idempotency key per tap sequence: every retry sends the same key, so a
// request the server committed but whose answer was lost returns the same ticket instead of a second one.
import { DEVICE_HEADER, IDEMPOTENCY_HEADER, type ErrorBody, type IssueBody, type TicketReceipt } from '@luot/contract';

export type IssueOutcome = { ok: true; issued: TicketReceipt } | { ok: false; error: ErrorBody };

/** Works outside secure contexts too (a kiosk may reach the server over plain http on the LAN). */
export function newIdempotencyKey(kioskId: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${kioskId}:${Date.now().toString(36)}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const REQUEST_TIMEOUT_MS = 8000;
const BACKOFF_MS = [500, 1000, 2000, 4000];

class Retry extends Error {}

async function attempt(
  url: string,
  credential: string,
  key: string,
  body: IssueBody,
  signal: AbortSignal,
): Promise<IssueOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  signal.addEventListener('abort', onAbort);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: key, [DEVICE_HEADER]: credential },
      body: JSON.stringify(body),
      signal: timeout.signal,
    });
    // Busy or failing servers and proxies: the same key makes a retry safe.
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Retry(`HTTP ${res.status}`);
    const json: unknown = await res.json();
    return res.ok ? { ok: true, issued: json as TicketReceipt } : { ok: false, error: json as ErrorBody };
  } catch (err) {
    if (signal.aborted) throw err;
    throw err instanceof Retry ? err : new Retry(String(err));
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      },
      { once: true },
    );
  });
}

/**
 * Issues until the server answers: a ticket, or a refusal to show. Network failures, timeouts and 5xx are
 * retried with the same key (calling `onRetry` so the screen can say so) until `signal` aborts.
 */
export async function issueTicket(
  centerId: string,
  credential: string,
  key: string,
  body: IssueBody,
  signal: AbortSignal,
  onRetry: () => void,
): Promise<IssueOutcome> {
  const url = `${location.origin}/api/centers/${encodeURIComponent(centerId)}/tickets`;
  for (let i = 0; ; i++) {
    try {
      return await attempt(url, credential, key, body, signal);
    } catch (err) {
      if (!(err instanceof Retry)) throw err;
      onRetry();
      await pause(BACKOFF_MS[Math.min(i, BACKOFF_MS.length - 1)], signal);
    }
  }
}
