// Operations: the province dashboard (administrators), and each center's alerts and alert rules (its managers and
// the province's administrators).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Alert,
  AlertListQuery,
  AlertParams,
  AlertRules,
  AlertRulesView,
  CenterParams,
  ProvinceDashboard,
} from '@luot/contract';
import { Type } from 'typebox';
import { DomainError } from '../../engine/domain-error.ts';
import type { AlertService } from '../../operations/alerts.ts';

declare module 'fastify' {
  interface FastifyInstance {
    alerts: AlertService;
  }
}

const manager = { access: { need: 'manager', center: 'param' } } as const;

export const operationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/province/dashboard',
    {
      schema: {
        tags: ['operations'],
        summary:
          "Every center of the administrator's province at a glance: counters, lines, today, hand-off, devices, alerts",
        response: { 200: ProvinceDashboard },
      },
      config: { access: { need: 'signed-in' } },
    },
    (req) => {
      if (req.user?.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY', 'the province dashboard');
      return app.alerts.dashboard(req.user.provinceId);
    },
  );

  app.get(
    '/api/centers/:centerId/alerts',
    {
      schema: {
        tags: ['operations'],
        summary: "The center's open alerts (state=open, default) or its alert history (state=all), newest first",
        params: CenterParams,
        querystring: AlertListQuery,
        response: { 200: Type.Array(Alert) },
      },
      config: manager,
    },
    (req) => app.alerts.list(req.params.centerId, req.query),
  );

  app.post(
    '/api/centers/:centerId/alerts/:alertId/ack',
    {
      schema: {
        tags: ['operations'],
        summary: 'Acknowledge an alert (who and when are kept, and audited); a second acknowledgement changes nothing',
        params: AlertParams,
        response: { 200: Alert },
      },
      config: manager,
    },
    (req) => app.alerts.acknowledge(req.params.centerId, req.params.alertId, req.user!),
  );

  app.get(
    '/api/centers/:centerId/alert-rules',
    {
      schema: {
        tags: ['operations'],
        summary: "The center's alert rules (the defaults until changed)",
        params: CenterParams,
        response: { 200: AlertRulesView },
      },
      config: manager,
    },
    (req) => app.alerts.rules(req.params.centerId),
  );

  app.put(
    '/api/centers/:centerId/alert-rules',
    {
      schema: {
        tags: ['operations'],
        summary: "Replace the center's alert rules (audited)",
        params: CenterParams,
        body: AlertRules,
        response: { 200: AlertRulesView },
      },
      config: manager,
    },
    (req) => app.alerts.putRules(req.params.centerId, req.body, req.user!),
  );
};
