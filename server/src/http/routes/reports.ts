import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Board, CenterParams, Report, ReportQuery } from '@luot/contract';
import { reportCsv } from '../../reports/csv.ts';
import { buildBoard, buildReport } from '../../reports/reports.ts';

const managers = { access: { need: 'manager', center: 'param' } } as const;

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/centers/:centerId/board',
    {
      schema: {
        tags: ['reports'],
        summary: "Live state of every counter and area, with today's figures",
        params: CenterParams,
        response: { 200: Board },
      },
      config: managers,
    },
    (req) => buildBoard(app.queue.store, req.params.centerId, app.queue.clock()),
  );

  app.get(
    '/api/centers/:centerId/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Figures per day, area, counter or officer over a date range',
        params: CenterParams,
        querystring: ReportQuery,
        response: { 200: Report },
      },
      config: managers,
    },
    (req) => buildReport(app.queue.store, req.params.centerId, req.query),
  );

  app.get(
    '/api/centers/:centerId/reports.csv',
    {
      schema: { tags: ['reports'], summary: 'The same report as CSV', params: CenterParams, querystring: ReportQuery },
      config: managers,
    },
    async (req, reply) => {
      const report = await buildReport(app.queue.store, req.params.centerId, req.query);
      const name = `luot-${report.centerId}-${report.by}-${report.from}-${report.to}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(reportCsv(report));
    },
  );
};
