import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { openCounterAs } from '../../auth/counter-pick.ts';
import { Type } from 'typebox';
import {
  AssignAreasBody,
  AutoCallBody,
  CallChosenBody,
  Counter,
  CounterParams,
  DeskView,
  HoldBody,
  NoteBody,
  OpenCounterBody,
  PauseBody,
  Ticket,
  TransferBody,
  UnholdBody,
} from '@luot/contract';

const ticketAction = { tags: ['counters'], params: CounterParams, response: { 200: Ticket } };
const counterAction = { tags: ['counters'], params: CounterParams, response: { 200: Counter } };
// See auth/access.ts: the officer holding the counter, or a manager of the center.
const atCounter = { access: { need: 'counter' } } as const;
const managers = { access: { need: 'manager', center: 'param' } } as const;

export const counterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const base = '/api/centers/:centerId/counters/:counterId';

  app.post(
    `${base}/call-next`,
    { schema: { ...ticketAction, summary: 'Call the next ticket for this counter' }, config: atCounter },
    (req) => app.queue.callNext(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(
    `${base}/recall`,
    {
      schema: { ...ticketAction, summary: 'Announce the called ticket again (past the limit: no-show)' },
      config: atCounter,
    },
    (req) => app.queue.recall(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(
    `${base}/start`,
    { schema: { ...ticketAction, summary: 'The citizen has come: start serving' }, config: atCounter },
    (req) => app.queue.startServing(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(
    `${base}/complete`,
    { schema: { ...ticketAction, body: NoteBody, summary: 'Finish serving the ticket' }, config: atCounter },
    (req) => app.queue.complete(req.params.centerId, req.params.counterId, req.actor, req.body?.note ?? null),
  );
  app.post(
    `${base}/no-show`,
    { schema: { ...ticketAction, summary: 'The called citizen did not come' }, config: atCounter },
    (req) => app.queue.markNoShow(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(
    `${base}/transfer`,
    {
      schema: {
        ...ticketAction,
        body: TransferBody,
        summary: 'Send the ticket to another area or counter; it keeps its place in line',
      },
      config: atCounter,
    },
    (req) =>
      app.queue.transfer(
        req.params.centerId,
        req.params.counterId,
        { areaId: req.body.areaId, counterId: req.body.counterId ?? null, note: req.body.note ?? null },
        req.actor,
      ),
  );

  app.get(
    `${base}/desk`,
    {
      schema: {
        tags: ['counters'],
        params: CounterParams,
        response: { 200: DeskView },
        summary: "The desk's lists: waiting line, parked citizens, no-shows within grace, auto-call, the officer's day",
      },
      config: atCounter,
    },
    (req) => app.queue.desk(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(
    `${base}/call-chosen`,
    {
      schema: {
        ...ticketAction,
        body: CallChosenBody,
        summary: 'Call a chosen waiting ticket out of line order, with the reason (kept in the log)',
      },
      config: atCounter,
    },
    (req) =>
      app.queue.callChosen(req.params.centerId, req.params.counterId, req.body.ticketId, req.body.reason, req.actor),
  );
  app.post(
    `${base}/hold`,
    {
      schema: {
        ...ticketAction,
        body: HoldBody,
        summary: 'Park the called or served citizen (sent to fetch a document); the counter is free',
      },
      config: atCounter,
    },
    (req) => app.queue.hold(req.params.centerId, req.params.counterId, req.body?.note?.trim() || null, req.actor),
  );
  app.post(
    `${base}/unhold`,
    {
      schema: { ...ticketAction, body: UnholdBody, summary: 'Call a citizen parked at this counter back' },
      config: atCounter,
    },
    (req) => app.queue.unhold(req.params.centerId, req.params.counterId, req.body.ticketId, req.actor),
  );
  app.post(
    `${base}/complete-next`,
    {
      schema: {
        tags: ['counters'],
        params: CounterParams,
        body: NoteBody,
        response: { 200: Type.Object({ completed: Ticket, called: Type.Union([Ticket, Type.Null()]) }) },
        summary: 'Finish serving and call the next ticket (none when nobody waits)',
      },
      config: atCounter,
    },
    (req) => app.queue.completeAndNext(req.params.centerId, req.params.counterId, req.actor, req.body?.note ?? null),
  );
  app.put(
    `${base}/auto-call`,
    {
      schema: {
        tags: ['counters'],
        params: CounterParams,
        body: AutoCallBody,
        response: { 200: AutoCallBody },
        summary: "The officer's setting: call the next citizen as soon as the counter is free",
      },
      config: atCounter,
    },
    async (req) => ({
      on: await app.queue.setAutoCall(req.params.centerId, req.params.counterId, req.body.on, req.actor),
    }),
  );

  app.post(
    `${base}/open`,
    {
      schema: {
        ...counterAction,
        body: OpenCounterBody,
        summary: 'Open the counter: an officer takes it in their name; a manager may name an officer',
      },
      config: { access: { need: 'counter', pick: true } },
    },
    (req) => openCounterAs(app.queue, req.user!, req.params, req.body?.officer, req.actor),
  );
  app.post(
    `${base}/resume`,
    { schema: { ...counterAction, summary: 'Resume a paused counter' }, config: atCounter },
    (req) => app.queue.resumeCounter(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(
    `${base}/pause`,
    { schema: { ...counterAction, body: PauseBody, summary: 'Pause the counter with a reason' }, config: atCounter },
    (req) => app.queue.pauseCounter(req.params.centerId, req.params.counterId, req.body.reason, req.actor),
  );
  app.post(
    `${base}/close`,
    { schema: { ...counterAction, summary: 'Close the counter (the officer leaves it)' }, config: atCounter },
    (req) => app.queue.closeCounter(req.params.centerId, req.params.counterId, req.actor),
  );
  app.put(
    `${base}/areas`,
    {
      schema: {
        ...counterAction,
        body: AssignAreasBody,
        summary: 'Set the areas this counter serves, in order (managers)',
      },
      config: managers,
    },
    (req) => app.queue.assignAreas(req.params.centerId, req.params.counterId, req.body.areaIds, req.actor),
  );
};
