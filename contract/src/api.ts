// Request shapes of the HTTP API, shared by the server (validation) and the apps (types).
import { Type, type Static } from 'typebox';
import { DEVICE_HEADER } from './devices.ts';
import { Id, IssuedTicket, MAX_INT, PriorityClass, Ticket, TicketTransition } from './model.ts';

export const CenterParams = Type.Object({ centerId: Id });
export const CounterParams = Type.Object({ centerId: Id, counterId: Id });
export const AreaParams = Type.Object({ centerId: Id, areaId: Id });
export const TicketParams = Type.Object({ ticketId: Type.String({ minLength: 1, maxLength: 64 }) });

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IssueHeaders = Type.Object({
  [IDEMPOTENCY_HEADER]: Type.String({
    minLength: 8,
    maxLength: 128,
    pattern: '^[A-Za-z0-9._:-]+$',
    description: 'One key per tap sequence: a retry with the same key returns the same ticket.',
  }),
  [DEVICE_HEADER]: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The enrolled kiosk's credential (else a staff session)",
    }),
  ),
});

export const IssueBody = Type.Object(
  {
    areaId: Id,
    priority: Type.Optional(PriorityClass),
    /** Ignored from a kiosk (its tickets are 'kiosk'); staff issuing at a desk default to 'counter'. Online
     * numbers and appointments have their own routes. */
    channel: Type.Optional(Type.Union([Type.Literal('kiosk'), Type.Literal('counter')])),
  },
  { additionalProperties: false },
);
export type IssueBody = Static<typeof IssueBody>;

const Note = Type.String({ maxLength: 500 });

/** What the kiosk gets back: the issued ticket and the tracking link its QR carries, as printed. */
export const TicketReceipt = Type.Object({ ...IssuedTicket.properties, trackingUrl: Type.String() });
export type TicketReceipt = Static<typeof TicketReceipt>;

export const NoteBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export type NoteBody = Static<typeof NoteBody>;

export const TransferBody = Type.Object(
  { areaId: Id, counterId: Type.Optional(Id), note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const OpenCounterBody = Type.Object(
  { officer: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export type OpenCounterBody = Static<typeof OpenCounterBody>;

export const PauseBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type PauseBody = Static<typeof PauseBody>;

export const AssignAreasBody = Type.Object(
  { areaIds: Type.Array(Id, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
export type AssignAreasBody = Static<typeof AssignAreasBody>;

export const EventsQuery = Type.Object({
  after: Type.Integer({ minimum: 0, maximum: MAX_INT, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
});

export const TicketWithHistory = Type.Object({ ticket: Ticket, history: Type.Array(TicketTransition) });
export type TicketWithHistory = Static<typeof TicketWithHistory>;

export const CenterSummary = Type.Object({
  id: Id,
  name: Type.String(),
  commune: Type.String(),
  agencyCode: Type.String(),
});
