import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AnnouncementBody,
  AreaParams,
  CallTemplateBody,
  CenterEvent,
  CenterParams,
  CenterSnapshot,
  CenterSummary,
  EventsQuery,
  ServiceArea,
} from '@luot/contract';

const managers = { access: { need: 'manager', center: 'param' } } as const;

export const centerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/centers',
    {
      schema: {
        tags: ['centers'],
        summary: 'Centers hosted by this server',
        response: { 200: Type.Array(CenterSummary) },
      },
    },
    async () =>
      (await app.queue.store.centers()).map(({ id, name, commune, agencyCode }) => ({ id, name, commune, agencyCode })),
  );

  app.get(
    '/api/centers/:centerId/snapshot',
    {
      schema: {
        tags: ['centers'],
        summary: 'Live state of a center: areas, counters, recent calls',
        params: CenterParams,
        response: { 200: CenterSnapshot },
      },
    },
    (req) => app.queue.snapshot(req.params.centerId),
  );

  app.get(
    '/api/centers/:centerId/events',
    {
      schema: {
        tags: ['centers'],
        summary: "The center's event log after a sequence number",
        params: CenterParams,
        querystring: EventsQuery,
        response: { 200: Type.Array(CenterEvent) },
      },
    },
    async (req) => {
      await app.queue.snapshot(req.params.centerId); // 404 for an unknown center
      return app.queue.store.eventsAfter(req.params.centerId, req.query.after, req.query.limit);
    },
  );

  app.put(
    '/api/centers/:centerId/announcement',
    {
      schema: {
        tags: ['centers'],
        summary: 'The text line of the hall displays (managers); an empty text clears it',
        params: CenterParams,
        body: AnnouncementBody,
        response: { 200: Type.Object({ text: Type.Union([Type.String(), Type.Null()]) }) },
      },
      config: managers,
    },
    async (req) => ({
      text: await app.queue.setAnnouncement(req.params.centerId, req.body.text, req.actor),
    }),
  );

  app.put(
    '/api/centers/:centerId/call-template',
    {
      schema: {
        tags: ['centers'],
        summary: 'The wording of calls on the hall and in the voice (managers): {number}, {counter}, optional {area}',
        params: CenterParams,
        body: CallTemplateBody,
        response: { 200: CallTemplateBody },
      },
      config: managers,
    },
    async (req) => ({
      template: await app.queue.setCallTemplate(req.params.centerId, req.body.template, req.actor),
    }),
  );

  app.post(
    '/api/centers/:centerId/areas/:areaId/close-today',
    {
      schema: {
        tags: ['areas'],
        summary: 'Stop issuing tickets for an area for the rest of the day (managers)',
        params: AreaParams,
        response: { 200: ServiceArea },
      },
      config: managers,
    },
    (req) => app.queue.setAreaClosedToday(req.params.centerId, req.params.areaId, true, req.actor),
  );

  app.post(
    '/api/centers/:centerId/areas/:areaId/reopen',
    {
      schema: {
        tags: ['areas'],
        summary: 'Issue tickets for an area again today (managers)',
        params: AreaParams,
        response: { 200: ServiceArea },
      },
      config: managers,
    },
    (req) => app.queue.setAreaClosedToday(req.params.centerId, req.params.areaId, false, req.actor),
  );
};
