// The reference message gateway (demo and tests): receives luot's signed JSON messages as an SMS or Zalo OA
// operator's gateway would, checks the HMAC-SHA256 signature and the timestamp, refuses a replayed id, and keeps
// what it accepted in memory ("sent"), listed at GET /messages.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyGatewayRequest } from '../notify/gateway-signature.ts';
import type { GatewayMessage } from '../notify/http-gateway.ts';

export interface ReceivedMessage extends GatewayMessage {
  receivedAt: string;
}

export interface ReferenceGateway {
  /** Accepted messages, oldest first. */
  messages: ReceivedMessage[];
  /** Requests refused (bad signature, stale timestamp, replay, bad body), for tests. */
  refused: number;
  server: Server;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function isMessage(x: unknown): x is GatewayMessage {
  const m = x as Partial<GatewayMessage> | null;
  return (
    !!m && typeof m.id === 'string' && typeof m.to === 'string' && typeof m.text === 'string' && m.channel === 'sms'
  );
}

export function buildReferenceGateway(options: {
  secret: string;
  now?: () => Date;
  onMessage?: (m: ReceivedMessage) => void;
}): ReferenceGateway {
  const now = options.now ?? (() => new Date());
  const seen = new Set<string>();
  const gateway: ReferenceGateway = {
    messages: [],
    refused: 0,
    server: createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      void (async () => {
        if (req.method === 'GET' && req.url === '/messages') return send(200, gateway.messages);
        if (req.method !== 'POST' || req.url !== '/messages') return send(404, { error: 'not found' });
        const body = await readBody(req);
        if (body === null) return send(413, { error: 'too large' });
        if (
          !verifyGatewayRequest(
            options.secret,
            body,
            header(req, TIMESTAMP_HEADER),
            header(req, SIGNATURE_HEADER),
            Math.floor(now().getTime() / 1000),
          )
        ) {
          gateway.refused++;
          return send(401, { error: 'bad signature' });
        }
        let message: unknown;
        try {
          message = JSON.parse(body);
        } catch {
          message = null;
        }
        if (!isMessage(message)) {
          gateway.refused++;
          return send(400, { error: 'bad message' });
        }
        if (seen.has(message.id)) {
          gateway.refused++;
          return send(409, { error: 'replayed' });
        }
        seen.add(message.id);
        const received = { ...message, receivedAt: now().toISOString() };
        gateway.messages.push(received);
        options.onMessage?.(received);
        send(202, { accepted: message.id });
      })();
    }),
    listen(port, host) {
      return new Promise((resolve) => {
        gateway.server.listen(port, host, () => {
          const { port: bound } = gateway.server.address() as AddressInfo;
          resolve(`http://${host}:${bound}`);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        gateway.server.closeAllConnections();
        gateway.server.close(() => resolve());
      });
    },
  };
  return gateway;
}
