import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AdminAreaParams,
  AdminCenterParams,
  AdminCounterParams,
  AreaConfig,
  CenterAdmin,
  CenterFields,
  CenterSettings,
  CounterConfig,
  NewCenter,
  NewStaff,
  OwnPasswordBody,
  PasswordBody,
  ProvinceAdmin,
  ProvinceDiff,
  ProvinceFile,
  ProvinceFileUpload,
  StaffConfig,
  StaffParams,
  StaffQuery,
} from '@luot/contract';
import { openSession } from '../../auth/sessions.ts';
import { DomainError } from '../../engine/domain-error.ts';
import type { AdminService } from '../../setup/admin.ts';
import { provinceYaml } from '../../setup/province-file.ts';

declare module 'fastify' {
  interface FastifyInstance {
    admin: AdminService;
  }
}

// Who may do what: routes of one center (:centerId) need its manager or an administrator of its province (the
// access check); the service refuses what only an administrator may do (a new center or area, an area's code or
// number block, accounts other than a center's officers, the province file). Officers get 403 everywhere here.
const centerManager = { access: { need: 'manager', center: 'param' } } as const;
const signedIn = { access: { need: 'signed-in' } } as const;
const tags = ['admin'];
const omitId = <T extends { properties: { id: unknown } }>(schema: T) => Type.Omit(schema, ['id']);

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/admin/centers',
    {
      schema: {
        tags,
        summary: "The province's centers, inactive included (a manager: their own)",
        response: { 200: ProvinceAdmin },
      },
      config: signedIn,
    },
    (req) => app.admin.province(req.user!),
  );

  app.post(
    '/api/admin/centers',
    {
      schema: {
        tags,
        summary: 'Creates a center (province administrator)',
        body: NewCenter,
        response: { 201: CenterAdmin },
      },
      config: signedIn,
    },
    async (req, reply) => reply.code(201).send(await app.admin.createCenter(req.user!, req.body)),
  );

  app.get(
    '/api/admin/centers/:centerId',
    {
      schema: {
        tags,
        summary: 'A center with its areas, counters and staff, inactive included',
        params: AdminCenterParams,
        response: { 200: CenterAdmin },
      },
      config: centerManager,
    },
    (req) => app.admin.center(req.user!, req.params.centerId),
  );

  app.put(
    '/api/admin/centers/:centerId',
    {
      schema: {
        tags,
        summary: "Changes a center's identity, or deactivates it (`active: false`; province administrator)",
        params: AdminCenterParams,
        body: CenterFields,
        response: { 200: CenterAdmin },
      },
      config: centerManager,
    },
    (req) => app.admin.updateCenter(req.user!, req.params.centerId, req.body),
  );

  app.put(
    '/api/admin/centers/:centerId/settings',
    {
      schema: {
        tags,
        summary: 'Priority mode and cap, recalls, no-show grace, call wording (manager of the center, administrator)',
        params: AdminCenterParams,
        body: CenterSettings,
        response: { 200: CenterAdmin },
      },
      config: centerManager,
    },
    (req) => app.admin.setSettings(req.user!, req.params.centerId, req.body),
  );

  app.post(
    '/api/admin/centers/:centerId/areas',
    {
      schema: {
        tags,
        summary: 'Adds a service area at the end of the list (province administrator)',
        params: AdminCenterParams,
        body: AreaConfig,
        response: { 201: CenterAdmin },
      },
      config: centerManager,
    },
    async (req, reply) => reply.code(201).send(await app.admin.createArea(req.user!, req.params.centerId, req.body)),
  );

  app.put(
    '/api/admin/centers/:centerId/areas/:areaId',
    {
      schema: {
        tags,
        summary:
          'Changes or deactivates an area (a manager: names, target minutes, icon only; the rest the administrator)',
        params: AdminAreaParams,
        body: omitId(AreaConfig),
        response: { 200: CenterAdmin },
      },
      config: centerManager,
    },
    (req) => app.admin.updateArea(req.user!, req.params.centerId, req.params.areaId, req.body),
  );

  app.post(
    '/api/admin/centers/:centerId/counters',
    {
      schema: {
        tags,
        summary: 'Adds a counter (manager of the center, administrator)',
        params: AdminCenterParams,
        body: CounterConfig,
        response: { 201: CenterAdmin },
      },
      config: centerManager,
    },
    async (req, reply) => reply.code(201).send(await app.admin.createCounter(req.user!, req.params.centerId, req.body)),
  );

  app.put(
    '/api/admin/centers/:centerId/counters/:counterId',
    {
      schema: {
        tags,
        summary: 'Changes or deactivates a counter: number, name, areas in order (manager, administrator)',
        params: AdminCounterParams,
        body: omitId(CounterConfig),
        response: { 200: CenterAdmin },
      },
      config: centerManager,
    },
    (req) => app.admin.updateCounter(req.user!, req.params.centerId, req.params.counterId, req.body),
  );

  app.get(
    '/api/admin/staff',
    {
      schema: {
        tags,
        summary: "Staff accounts (an administrator: the province's, or one center's; a manager: their center's)",
        querystring: StaffQuery,
        response: { 200: Type.Array(StaffConfig) },
      },
      config: signedIn,
    },
    (req) => app.admin.staff(req.user!, req.query.centerId),
  );

  app.post(
    '/api/admin/staff',
    {
      schema: {
        tags,
        summary:
          "Creates an account with a first password, to be changed at its first sign-in (a manager: their center's officers)",
        body: NewStaff,
        response: { 201: StaffConfig },
      },
      config: signedIn,
    },
    async (req, reply) => reply.code(201).send(await app.admin.createStaff(req.user!, req.body)),
  );

  app.put(
    '/api/admin/staff/:username',
    {
      schema: {
        tags,
        summary: 'Changes or deactivates an account (a deactivated account is signed out at once)',
        params: StaffParams,
        body: Type.Omit(StaffConfig, ['username']),
        response: { 200: StaffConfig },
      },
      config: signedIn,
    },
    (req) => app.admin.updateStaff(req.user!, req.params.username, req.body),
  );

  app.post(
    '/api/admin/staff/:username/password',
    {
      schema: {
        tags,
        summary: "Sets an account's password; its sessions end and it must choose its own at the next sign-in",
        params: StaffParams,
        body: PasswordBody,
        response: { 204: Type.Null() },
      },
      config: signedIn,
    },
    async (req, reply) => {
      await app.admin.resetPassword(req.user!, req.params.username, req.body.password);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Changes your own password (required after someone else set it); keeps you signed in here only',
        body: OwnPasswordBody,
        response: { 204: Type.Null() },
      },
      config: signedIn,
    },
    async (req, reply) => {
      await app.admin.changeOwnPassword(req.user!, req.body.current, req.body.password);
      const record = await app.queue.store.transaction((tx) => tx.accounts.user(req.user!.username));
      if (!record) throw new DomainError('STAFF_NOT_FOUND', req.user!.username);
      app.sessionCookie.set(req, reply, await openSession(app.queue.store, record, app.queue.clock()));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/province-file',
    {
      schema: {
        tags,
        summary: 'The whole province as a province file (YAML; `?format=json` for JSON; province administrator)',
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('json')])) }),
        // 200: the YAML text, or the ProvinceFile schema's JSON with ?format=json.
      },
      config: signedIn,
    },
    async (req, reply) => {
      const file = await app.admin.exportFile(req.user!);
      if (req.query.format === 'json') return reply.type('application/json').send(file);
      return reply
        .type('application/yaml; charset=utf-8')
        .send(
          provinceYaml(
            file,
            `luot province file of ${file.province.name}, exported ${app.queue.clock().toISOString()}`,
          ),
        );
    },
  );

  app.get(
    '/api/admin/province-file/schema',
    { schema: { tags, summary: 'The JSON Schema of the province file (also valid for its YAML form)' } },
    () => ProvinceFile,
  );

  app.post(
    '/api/admin/province-file',
    {
      schema: {
        tags,
        summary:
          'Applies a province file in one transaction, or shows its diff only (`dryRun`); a broken file is refused with its lines',
        body: ProvinceFileUpload,
        response: { 200: ProvinceDiff },
      },
      config: signedIn,
      bodyLimit: 25 * 1024 * 1024,
    },
    (req) => {
      if (req.user!.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY', 'the province file');
      return app.admin.applyFile(req.user!, req.body.text, req.body.dryRun);
    },
  );
};
