// The print agent's enrollment: `--pair CODE` trades the console's one-time code for the agent's own credential,
// kept in the state dir (readable by its user only); later starts read it from there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorBody, PairedDevice } from '@luot/contract';

const fileOf = (stateDir: string) => join(stateDir, 'device.json');

/** Pairs with the server and keeps the credential; throws the server's refusal. */
export async function pairAgent(serverUrl: string, code: string, stateDir: string): Promise<PairedDevice> {
  const res = await fetch(`${serverUrl.replace(/\/$/, '')}/api/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body: unknown = await res.json();
  if (!res.ok) {
    const error = body as ErrorBody;
    throw new Error(`pairing refused: ${error.code} ${error.message}`);
  }
  const paired = body as PairedDevice;
  if (paired.device.kind !== 'print_agent' || !paired.device.kioskId)
    throw new Error(`this code is for a ${paired.device.kind}, not a print agent`);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(fileOf(stateDir), JSON.stringify(paired, null, 2), { mode: 0o600 });
  return paired;
}

/** The credential kept by an earlier `--pair`, or null. */
export function savedPairing(stateDir: string): PairedDevice | null {
  try {
    return JSON.parse(readFileSync(fileOf(stateDir), 'utf8')) as PairedDevice;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read ${fileOf(stateDir)}: ${(err as Error).message}`, { cause: err });
  }
}
