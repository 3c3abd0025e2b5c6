// Several server instances behind one address: Socket.IO's Redis adapter relays every broadcast (a call, a
// counter change) to the other instances, so a display connected to one hears what an officer did on another.
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { RealtimeServer } from './socket.ts';

/** Connects to Redis (failing now if it cannot) and attaches the adapter; returns how to disconnect. */
export async function attachRedisAdapter(
  io: RealtimeServer,
  redisUrl: string,
  channel: string,
): Promise<() => Promise<void>> {
  const pub = new Redis(redisUrl, { lazyConnect: true });
  const sub = pub.duplicate();
  // ioredis reconnects by itself; a broadcast made meanwhile reaches this instance's clients only, and theirs
  // catch up by sequence number (followCenter takes a new snapshot on a gap).
  for (const client of [pub, sub]) client.on('error', (err) => console.error('redis', err.message));
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    throw new Error(`cannot reach Redis at ${redisUrl}: ${(err as Error).message}`, { cause: err });
  }
  io.adapter(createAdapter(pub, sub, { key: channel }));
  return async () => {
    await Promise.all([pub.quit(), sub.quit()]).catch(() => undefined);
  };
}

/** A Redis client for the rate limits shared by every instance (sign-in, tracking), connected now. */
export async function connectRateLimitRedis(redisUrl: string): Promise<Redis> {
  // A limit that cannot be read lets the request through (skipOnError) rather than waiting on a lost Redis.
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', (err) => console.error('redis (rate limits)', err.message));
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot reach Redis at ${redisUrl}: ${(err as Error).message}`, { cause: err });
  }
  return client;
}
