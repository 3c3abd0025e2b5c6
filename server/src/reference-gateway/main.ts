// `npm run gateway`: the reference message gateway on GATEWAY_PORT (3200), secret NOTIFY_GATEWAY_SECRET. Start
// luot with NOTIFY_GATEWAY_URL=http://127.0.0.1:3200/messages and the same secret; each text it would send is
// printed here and listed at GET /messages.
import { DEMO_GATEWAY_SECRET } from '../config.ts';
import { buildReferenceGateway } from './gateway.ts';

const gateway = buildReferenceGateway({
  secret: process.env.NOTIFY_GATEWAY_SECRET || DEMO_GATEWAY_SECRET,
  onMessage: (m) => console.log(`${m.receivedAt} → ${m.to}: ${m.text}`),
});
const url = await gateway.listen(Number(process.env.GATEWAY_PORT ?? 3200), process.env.GATEWAY_HOST ?? '127.0.0.1');
console.log(`Reference message gateway at ${url}/messages (POST: signed messages; GET: the messages accepted)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void gateway.close().then(() => process.exit(0)));
