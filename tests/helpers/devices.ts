// Pages opened as enrolled devices, the way a technician sets one up: the page opens its pairing URL (a fresh
// one-time code from the console's API), trades it for its credential and reloads as that device.
import type { CreateDeviceBody, PairingCode } from '@luot/contract';
import type { Page } from 'playwright-core';
import type { TestServer } from './server.ts';

/**
 * Pairs `page` as a device (a seeded one by its id, or a new one) and leaves it on the app with `query`
 * (e.g. `voice=off&counters=1`). Pairing a seeded device again voids its earlier credential: give each open
 * page its own device.
 */
export async function openPaired(
  page: Page,
  t: TestServer,
  centerId: string,
  device: string | CreateDeviceBody,
  query = '',
): Promise<PairingCode> {
  const res =
    typeof device === 'string'
      ? await t.request<PairingCode>('POST', `/api/centers/${centerId}/devices/${device}/pairing-code`)
      : (await t.request<{ pairing: PairingCode }>('POST', `/api/centers/${centerId}/devices`, device)).body.pairing;
  const pairing = 'body' in res ? res.body : res;
  if (!pairing.pairingUrl) throw new Error(`no pairing URL for ${JSON.stringify(device)}`);
  await page.goto(`${pairing.pairingUrl}${query ? `&${query}` : ''}`);
  await page.waitForURL((url) => !url.searchParams.has('pair'), { timeout: 15_000 });
  return pairing;
}

/**
 * The device a display test's old-style query stands for, and the rest of the query: `counter=N` a new counter
 * display of counter N, otherwise a new hall display.
 */
export function displayDevice(query: string): { device: CreateDeviceBody; query: string } {
  const params = new URLSearchParams(query.replace(/^[?&]/, ''));
  const counterId = params.get('counter');
  params.delete('counter');
  const device: CreateDeviceBody = counterId
    ? { kind: 'counter_display', name: `Màn hình quầy ${counterId} (thử)`, counterId }
    : { kind: 'hall_display', name: 'Màn hình sảnh (thử)' };
  return { device, query: params.toString() };
}
