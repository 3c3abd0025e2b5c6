import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { issuerOf } from '../issuer.ts';
import {
  CenterParams,
  IDEMPOTENCY_HEADER,
  IssueBody,
  IssueHeaders,
  NoteBody,
  Ticket,
  TicketParams,
  TicketReceipt,
  TicketWithHistory,
  trackingUrlOf,
} from '@luot/contract';

// Staff of the ticket's center only: the full ticket carries its dossier code and tracking secret.
const staff = { access: { need: 'staff', center: 'ticket' } } as const;

export const ticketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/centers/:centerId/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary:
          'Issue a ticket: an enrolled kiosk (its credential in x-luot-device; its print agent prints it) or a signed-in staff member of the center (no print job). The same Idempotency-Key returns the same ticket.',
        params: CenterParams,
        headers: IssueHeaders,
        body: IssueBody,
        response: { 200: TicketReceipt, 201: TicketReceipt },
      },
    },
    async (req, reply) => {
      const kioskId = await issuerOf(app, req, reply);
      const { issued, replayed } = await app.queue.issueTicket(
        req.params.centerId,
        {
          areaId: req.body.areaId,
          priority: req.body.priority ?? 'none',
          kioskId,
          // A kiosk's ticket is of the kiosk; staff issue at the desk unless they say otherwise.
          channel: kioskId ? 'kiosk' : (req.body.channel ?? 'counter'),
        },
        req.headers[IDEMPOTENCY_HEADER],
      );
      const trackingUrl = trackingUrlOf(app.publicBase(), issued.ticket.dossierCode, issued.ticket.trackingSecret);
      return reply.code(replayed ? 200 : 201).send({ ...issued, trackingUrl });
    },
  );

  app.get(
    '/api/tickets/:ticketId',
    {
      schema: {
        tags: ['tickets'],
        summary: 'A ticket and its timestamped transitions',
        params: TicketParams,
        response: { 200: TicketWithHistory },
      },
      config: staff,
    },
    async (req) => ({
      ticket: await app.queue.ticket(req.params.ticketId),
      history: await app.queue.store.ticketHistory(req.params.ticketId),
    }),
  );

  app.post(
    '/api/tickets/:ticketId/requeue',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Put a no-show back in line, within the grace period',
        params: TicketParams,
        body: NoteBody,
        response: { 200: Ticket },
      },
      config: staff,
    },
    (req) => app.queue.requeue(req.params.ticketId, req.actor, req.body?.note?.trim() || null),
  );

  app.post(
    '/api/tickets/:ticketId/cancel',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Cancel a waiting ticket, or a parked one that will not come back',
        params: TicketParams,
        body: NoteBody,
        response: { 200: Ticket },
      },
      config: staff,
    },
    (req) => app.queue.cancel(req.params.ticketId, req.actor, req.body?.note?.trim() || null),
  );
};
