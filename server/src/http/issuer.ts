// Who may put a ticket in a center's line: an enrolled kiosk, or the center's staff at a desk.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCenter } from '../auth/access.ts';
import { checkCsrf } from '../auth/plugin.ts';
import { DomainError } from '../engine/domain-error.ts';
import { deviceOfRequest } from './routes/devices.ts';

/**
 * Who issues: an enrolled kiosk of this center (its id comes from its credential, and its tickets print), within its
 * per-kiosk and per-address budgets; or a staff member of the center at the desk (no print job). Nobody else.
 */
export async function issuerOf(
  app: FastifyInstance,
  req: FastifyRequest<{ Params: { centerId: string } }>,
  reply: FastifyReply,
) {
  const { centerId } = req.params;
  const device = await deviceOfRequest(app.devices, req);
  if (device) {
    if (device.kind !== 'kiosk') throw new DomainError('DEVICE_WRONG_KIND', `${device.kind} ${device.id}`);
    if (device.centerId !== centerId) throw new DomainError('WRONG_CENTER', centerId);
    const [kioskOk, addressOk] = await Promise.all([
      app.issueLimits.kiosk.hit(device.id),
      app.issueLimits.address.hit(req.ip),
    ]);
    if (!kioskOk || !addressOk) {
      reply.header('retry-after', '60');
      throw new DomainError(kioskOk ? 'RATE_LIMITED' : 'KIOSK_RATE_LIMITED', device.id);
    }
    return device.id;
  }
  if (!req.user) throw new DomainError('DEVICE_CREDENTIAL_REQUIRED');
  checkCsrf(req);
  await checkCenter(app.queue.store, req.user, centerId);
  return null;
}
