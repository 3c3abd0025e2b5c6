// Who the client is, by the same TRUST_PROXY rule for HTTP (Fastify's req.ip) and for Socket.IO connections
// (the live tracking feed's per-address budget): behind a trusted proxy, the address it forwarded.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config.ts';

type Trust = (address: string, hop: number) => boolean;

/** TRUST_PROXY as Fastify's `trustProxy` takes it: a hop count becomes the function "the nearest `n` proxies". */
export function fastifyTrust(trustProxy: TrustProxy): boolean | string[] | Trust {
  return typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy;
}

/** The client address of a request, as Fastify's req.ip would name it under the same TRUST_PROXY. */
export function clientAddressOf(trustProxy: TrustProxy): (req: IncomingMessage) => string {
  const trust = fastifyTrust(trustProxy);
  if (trust === false) return (req) => req.socket.remoteAddress ?? '';
  const fn: Trust = trust === true ? () => true : typeof trust === 'function' ? trust : proxyAddr.compile(trust);
  return (req) => proxyAddr(req, fn);
}
