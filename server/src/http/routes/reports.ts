import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Board,
  CenterParams,
  MonthQuery,
  ProvinceReport,
  RangeQuery,
  Report,
  ReportQuery,
  type StaffUser,
} from '@luot/contract';
import { DomainError } from '../../engine/domain-error.ts';
import { serviceDayOf } from '../../engine/service-day.ts';
import { reportCsv } from '../../reports/csv.ts';
import { monthlyPdf } from '../../reports/report-pdf.ts';
import { buildBoard, buildProvinceReport, buildReport } from '../../reports/reports.ts';
import { provinceXlsx, reportXlsx } from '../../reports/xlsx.ts';

const managers = { access: { need: 'manager', center: 'param' } } as const;
const signedIn = { access: { need: 'signed-in' } } as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const now = () => app.queue.clock();
  const attachment = (name: string) => `attachment; filename="${name}"`;

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
    (req) => buildBoard(app.queue.store, req.params.centerId, now()),
  );

  app.get(
    '/api/centers/:centerId/reports',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Figures per day, area, counter, officer, procedure, priority or channel over a date range, with the hours heatmap, counters’ time, dossiers by authority and satisfaction',
        params: CenterParams,
        querystring: ReportQuery,
        response: { 200: Report },
      },
      config: managers,
    },
    (req) => buildReport(app.queue.store, req.params.centerId, req.query, now()),
  );

  app.get(
    '/api/centers/:centerId/reports.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'The grouped figures as CSV',
        params: CenterParams,
        querystring: ReportQuery,
      },
      config: managers,
    },
    async (req, reply) => {
      const report = await buildReport(app.queue.store, req.params.centerId, req.query, now());
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          attachment(`luot-${report.centerId}-${report.by}-${report.from}-${report.to}.csv`),
        )
        .send(reportCsv(report));
    },
  );

  app.get(
    '/api/centers/:centerId/reports.xlsx',
    {
      schema: {
        tags: ['reports'],
        summary: 'The whole report as an Excel workbook, one sheet per table',
        params: CenterParams,
        querystring: ReportQuery,
      },
      config: managers,
    },
    async (req, reply) => {
      const report = await buildReport(app.queue.store, req.params.centerId, req.query, now());
      return reply
        .type(XLSX)
        .header(
          'content-disposition',
          attachment(`luot-${report.centerId}-${report.by}-${report.from}-${report.to}.xlsx`),
        )
        .send(await reportXlsx(report));
    },
  );

  app.get(
    '/api/centers/:centerId/reports/monthly.pdf',
    {
      schema: {
        tags: ['reports'],
        summary: 'The printable monthly report (A4 PDF)',
        params: CenterParams,
        querystring: MonthQuery,
      },
      config: managers,
    },
    async (req, reply) => {
      const [y, m] = req.query.month.split('-').map(Number);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const q = { from: `${req.query.month}-01`, to: `${req.query.month}-${last}`, by: 'area' } as const;
      const report = await buildReport(app.queue.store, req.params.centerId, q, now());
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`luot-${report.centerId}-${req.query.month}.pdf`))
        .send(await monthlyPdf(report, req.query.month, serviceDayOf(now())));
    },
  );

  const province = async (user: StaffUser | null, q: RangeQuery) => {
    if (user?.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY', 'the province report');
    return buildProvinceReport(app.queue.store, user.provinceId, q, now());
  };
  app.get(
    '/api/province/reports',
    {
      schema: {
        tags: ['reports'],
        summary: "Every center of the administrator's province over a date range, and the province's totals",
        querystring: RangeQuery,
        response: { 200: ProvinceReport },
      },
      config: signedIn,
    },
    (req) => province(req.user, req.query),
  );
  app.get(
    '/api/province/reports.xlsx',
    {
      schema: { tags: ['reports'], summary: 'The province roll-up as an Excel workbook', querystring: RangeQuery },
      config: signedIn,
    },
    async (req, reply) => {
      const report = await province(req.user, req.query);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`luot-${report.provinceId}-${report.from}-${report.to}.xlsx`))
        .send(await provinceXlsx(report));
    },
  );
};
