// Citizens' feedback and recommendations (phản ánh, kiến nghị) about a dossier: from the tracking page or
// recorded at the center, handed to the province, answered by the center's manager or by the province.
import { Type, type Static } from 'typebox';
import { Id } from './model.ts';

export const FEEDBACK_KINDS = ['complaint', 'recommendation'] as const;
export const FeedbackKind = Type.Enum(FEEDBACK_KINDS);
export type FeedbackKind = Static<typeof FeedbackKind>;

export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, { vi: string; en: string }> = {
  complaint: { vi: 'Phản ánh', en: 'Complaint' },
  recommendation: { vi: 'Kiến nghị', en: 'Recommendation' },
};

/** Who answered: the center's manager, or the province's system (webhook). */
export const FeedbackAnswerSource = Type.Union([Type.Literal('center'), Type.Literal('province')]);

export const Feedback = Type.Object({
  id: Type.Integer(),
  dossierCode: Type.String(),
  centerId: Id,
  kind: FeedbackKind,
  /** Sent from the tracking page by the dossier's holder, or recorded at the center by staff. */
  source: Type.Union([Type.Literal('citizen'), Type.Literal('center')]),
  content: Type.String(),
  createdAt: Type.String(),
  /** The staff account that recorded it; null from the tracking page. */
  createdBy: Type.Union([Type.String(), Type.Null()]),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  /** The manager's account, or the province's unit that answered. */
  answeredBy: Type.Union([Type.String(), Type.Null()]),
  answerSource: Type.Union([FeedbackAnswerSource, Type.Null()]),
});
export type Feedback = Static<typeof Feedback>;

/** What the tracking page shows of its own dossier's feedback: no staff account. */
export const TrackedFeedback = Type.Pick(Feedback, ['id', 'kind', 'content', 'createdAt', 'answer', 'answeredAt']);
export type TrackedFeedback = Static<typeof TrackedFeedback>;

const Content = Type.String({ minLength: 10, maxLength: 2000 });

/** From the tracking page: the dossier's code and secret authenticate the citizen. */
export const TrackFeedbackBody = Type.Object(
  {
    code: Type.String({ minLength: 5, maxLength: 64 }),
    s: Type.String({ minLength: 4, maxLength: 8 }),
    kind: FeedbackKind,
    content: Content,
  },
  { additionalProperties: false },
);
export type TrackFeedbackBody = Static<typeof TrackFeedbackBody>;

/** Recorded at the center (the citizen said it at the desk, or wrote it). */
export const CenterFeedbackBody = Type.Object(
  { kind: FeedbackKind, content: Content },
  { additionalProperties: false },
);
export type CenterFeedbackBody = Static<typeof CenterFeedbackBody>;

export const AnswerFeedbackBody = Type.Object(
  { answer: Type.String({ minLength: 5, maxLength: 4000 }) },
  { additionalProperties: false },
);
export type AnswerFeedbackBody = Static<typeof AnswerFeedbackBody>;

export const FeedbackParams = Type.Object({ feedbackId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const FeedbackQuery = Type.Object({
  state: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('all')], { default: 'open' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
});
