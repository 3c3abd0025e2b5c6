import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { openCounterAs } from '../../auth/counter-pick.ts';
import { AssignAreasBody, Counter, CounterParams, NoteBody, OpenCounterBody, PauseBody, Ticket, TransferBody } from '../../contract/index.ts';

const ticketAction = { tags: ['counters'], params: CounterParams, response: { 200: Ticket } };
const counterAction = { tags: ['counters'], params: CounterParams, response: { 200: Counter } };
// See auth/access.ts: the officer holding the counter, or a manager of the center.
const atCounter = { access: { need: 'counter' } } as const;
const managers = { access: { need: 'manager', center: 'param' } } as const;

export const counterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const base = '/api/centers/:centerId/counters/:counterId';

  app.post(`${base}/call-next`, { schema: { ...ticketAction, summary: 'Call the next ticket for this counter' }, config: atCounter }, (req) =>
    app.queue.callNext(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(`${base}/recall`, { schema: { ...ticketAction, summary: 'Announce the called ticket again (past the limit: no-show)' }, config: atCounter }, (req) =>
    app.queue.recall(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(`${base}/start`, { schema: { ...ticketAction, summary: 'The citizen has come: start serving' }, config: atCounter }, (req) =>
    app.queue.startServing(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(`${base}/complete`, { schema: { ...ticketAction, body: NoteBody, summary: 'Finish serving the ticket' }, config: atCounter }, (req) =>
    app.queue.complete(req.params.centerId, req.params.counterId, req.actor, req.body?.note ?? null),
  );
  app.post(`${base}/no-show`, { schema: { ...ticketAction, summary: 'The called citizen did not come' }, config: atCounter }, (req) =>
    app.queue.markNoShow(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(`${base}/transfer`, { schema: { ...ticketAction, body: TransferBody, summary: 'Send the ticket to another area or counter; it keeps its place in line' }, config: atCounter }, (req) =>
    app.queue.transfer(req.params.centerId, req.params.counterId, { areaId: req.body.areaId, counterId: req.body.counterId ?? null, note: req.body.note ?? null }, req.actor),
  );

  app.post(`${base}/open`, { schema: { ...counterAction, body: OpenCounterBody, summary: 'Open the counter: an officer takes it in their name; a manager may name an officer' }, config: { access: { need: 'counter', pick: true } } }, (req) =>
    openCounterAs(app.queue, req.user!, req.params, req.body?.officer, req.actor),
  );
  app.post(`${base}/resume`, { schema: { ...counterAction, summary: 'Resume a paused counter' }, config: atCounter }, (req) =>
    app.queue.resumeCounter(req.params.centerId, req.params.counterId, req.actor),
  );
  app.post(`${base}/pause`, { schema: { ...counterAction, body: PauseBody, summary: 'Pause the counter with a reason' }, config: atCounter }, (req) =>
    app.queue.pauseCounter(req.params.centerId, req.params.counterId, req.body.reason, req.actor),
  );
  app.post(`${base}/close`, { schema: { ...counterAction, summary: 'Close the counter (the officer leaves it)' }, config: atCounter }, (req) =>
    app.queue.closeCounter(req.params.centerId, req.params.counterId, req.actor),
  );
  app.put(`${base}/areas`, { schema: { ...counterAction, body: AssignAreasBody, summary: 'Set the areas this counter serves, in order (managers)' }, config: managers }, (req) =>
    app.queue.assignAreas(req.params.centerId, req.params.counterId, req.body.areaIds, req.actor),
  );
};
