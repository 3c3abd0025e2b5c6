import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuditPage,
  AuditQuery,
  CalendarOverview,
  CalendarYear,
  CalendarYearBody,
  CalendarYearParams,
  CenterHours,
  CenterOpening,
  CenterParams,
  OpeningHours,
} from '@luot/contract';
import { isManager } from '../../auth/access.ts';
import { DomainError } from '../../engine/domain-error.ts';
import type { SetupService } from '../../setup/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    setup: SetupService;
  }
}

// Who may do what: a center's hours, its manager or an administrator of its province; the province calendar,
// read by any staff, changed by an administrator only; the audit log, administrators (their province) and
// managers (their center). Whether a center issues tickets now is public: kiosks show it.
const centerManager = { access: { need: 'manager', center: 'param' } } as const;
const signedIn = { access: { need: 'signed-in' } } as const;

export const setupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/centers/:centerId/hours',
    {
      schema: {
        tags: ['setup'],
        summary: "The center's opening hours (null: not set, tickets at any time)",
        params: CenterParams,
        response: { 200: CenterHours },
      },
      config: centerManager,
    },
    (req) => app.setup.hours(req.params.centerId),
  );

  app.put(
    '/api/centers/:centerId/hours',
    {
      schema: {
        tags: ['setup'],
        summary:
          'Sets the weekly hours, exceptions and last-ticket times (manager of the center, administrator); audited, pushed to kiosks (center:hours)',
        params: CenterParams,
        body: OpeningHours,
        response: { 200: CenterHours },
      },
      config: centerManager,
    },
    (req) => app.setup.setHours(req.params.centerId, req.body, req.user!),
  );

  app.get(
    '/api/centers/:centerId/opening',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether the center issues tickets now, and when it next opens (kiosks)',
        params: CenterParams,
        response: { 200: CenterOpening },
      },
    },
    (req) => app.setup.opening(req.params.centerId),
  );

  app.get(
    '/api/calendar',
    {
      schema: {
        tags: ['setup'],
        summary: "The province's calendar years and warnings (a year without data, a year to verify)",
        response: { 200: CalendarOverview },
      },
      config: signedIn,
    },
    (req) => app.setup.calendarOverview(req.user!.provinceId),
  );

  app.get(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['setup'],
        summary: "A year's public holidays and make-up working days",
        params: CalendarYearParams,
        response: { 200: CalendarYear },
      },
      config: signedIn,
    },
    (req) => app.setup.calendarYear(req.user!.provinceId, req.params.year),
  );

  app.put(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['setup'],
        summary:
          "Replaces a year's days off and make-up working days, with its status (province administrator); audited, pushed to kiosks",
        params: CalendarYearParams,
        body: CalendarYearBody,
        response: { 200: CalendarYear },
      },
      config: signedIn,
    },
    (req) => {
      if (req.user!.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY', 'the province calendar');
      return app.setup.setCalendarYear(req.params.year, req.body, req.user!);
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['setup'],
        summary:
          'Configuration changes, newest first: who, when, before and after (administrators: the province; managers: their center)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
      config: signedIn,
    },
    (req) => {
      if (!isManager(req.user!)) throw new DomainError('FORBIDDEN', 'manager');
      return app.setup.audit(req.user!, req.query);
    },
  );
};
