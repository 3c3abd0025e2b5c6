// Online numbers and appointments: public routes with their own rules (a phone proved by a one-time code, per-address
// rate limits), the check-in at the kiosk or the desk, and the managers' view of appointments and blocked slots.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppointmentView,
  AppointmentsQuery,
  BlockBody,
  BookBody,
  CenterParams,
  CheckinBody,
  CheckinReply,
  OnlineCenter,
  OnlineTakeBody,
  OnlineTicketReply,
  OtpRequestBody,
  OtpRequestReply,
  RebookBody,
  SlotsQuery,
  SlotsReply,
} from '@luot/contract';
import { Type } from 'typebox';
import { DomainError } from '../../engine/domain-error.ts';
import { issuerOf } from '../issuer.ts';

const managers = { access: { need: 'manager', center: 'param' } } as const;
const staff = { access: { need: 'staff', center: 'param' } } as const;
/** The public routes are limited per address (ONLINE_RATE_PER_MINUTE); code requests have their own, tighter budget. */
export const onlineRoutes: FastifyPluginAsyncTypebox<{ ratePerMinute: number }> = async (app, { ratePerMinute }) => {
  const limited = { rateLimit: { max: ratePerMinute, timeWindow: 60_000 } };
  app.get(
    '/api/online/centers',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary: 'Centers and service areas a citizen may take an online number or book an appointment at',
        response: { 200: Type.Array(OnlineCenter) },
      },
    },
    () => app.online.centers(),
  );

  app.post(
    '/api/online/codes',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary: 'Send a one-time code to a phone (through the message gateway); valid 5 minutes, used once',
        body: OtpRequestBody,
        response: { 201: OtpRequestReply },
      },
    },
    async (req, reply) => {
      if (!(await app.onlineCodeLimiter.hit(req.ip))) throw new DomainError('RATE_LIMITED');
      return reply.code(201).send(await app.online.requestCode(req.body.phone, req.body.lang ?? 'vi'));
    },
  );

  app.post(
    '/api/online/centers/:centerId/tickets',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary: "Take an online number in the area's line (by registration time); within hours; daily cap per phone",
        params: CenterParams,
        body: OnlineTakeBody,
        response: { 201: OnlineTicketReply },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await app.online.takeNumber(req.params.centerId, req.body.areaId, req.body)),
  );

  app.get(
    '/api/online/centers/:centerId/slots',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary: "An area's appointment slots of a day, with their seats (as many as counters serve the area)",
        params: CenterParams,
        querystring: SlotsQuery,
        response: { 200: SlotsReply },
      },
    },
    (req) => app.online.slots(req.params.centerId, req.query.areaId, req.query.day),
  );

  app.post(
    '/api/online/centers/:centerId/appointments',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary: 'Book an appointment slot (phone + one-time code); the reply carries the check-in code of its QR',
        params: CenterParams,
        body: BookBody,
        response: { 201: AppointmentView },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await app.online.book(
            req.params.centerId,
            { areaId: req.body.areaId, day: req.body.day, time: req.body.time },
            req.body,
          ),
        ),
  );

  app.post(
    '/api/online/appointments/change',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary:
          'Move an appointment to another slot (day + time), or cancel it (neither), by the phone that booked it',
        body: RebookBody,
        response: { 200: Type.Object({ appointment: Type.Union([AppointmentView, Type.Null()]) }) },
      },
    },
    async (req) => {
      const { day, time } = req.body;
      if ((day === undefined) !== (time === undefined)) throw new DomainError('VALIDATION', 'day and time together');
      const to = day !== undefined && time !== undefined ? { day, time } : null;
      return { appointment: await app.online.rebook(req.body.checkinCode, to, req.body) };
    },
  );

  app.post(
    '/api/centers/:centerId/checkin',
    {
      config: limited,
      schema: {
        tags: ['online'],
        summary: 'Check in at the kiosk or the desk with the QR (or typed code) of an online number or an appointment',
        params: CenterParams,
        body: CheckinBody,
        response: { 200: CheckinReply },
      },
    },
    async (req, reply) => {
      // A check-in puts a ticket in the line: from an enrolled kiosk (it prints there) or staff at a desk.
      const kioskId = await issuerOf(app, req, reply);
      return app.online.checkin(req.params.centerId, req.body.code, kioskId, kioskId ? `kiosk:${kioskId}` : req.actor);
    },
  );

  app.get(
    '/api/centers/:centerId/appointments',
    {
      config: staff,
      schema: {
        tags: ['online'],
        summary: "A center's appointments of a day (managers look at today and tomorrow)",
        params: CenterParams,
        querystring: AppointmentsQuery,
        response: { 200: Type.Array(AppointmentView) },
      },
    },
    (req) => app.online.appointments(req.params.centerId, req.query.day),
  );

  app.post(
    '/api/centers/:centerId/appointment-blocks',
    {
      config: managers,
      schema: {
        tags: ['online'],
        summary: 'Close a slot to bookings (blocked: true) or open it again; seats already booked stay',
        params: CenterParams,
        body: BlockBody,
        response: { 200: Type.Object({ blocked: Type.Boolean() }) },
      },
    },
    async (req) => {
      const { areaId, day, time, blocked } = req.body;
      await app.online.setBlocked(req.params.centerId, { areaId, day, time }, blocked, req.actor);
      return { blocked };
    },
  );
};
