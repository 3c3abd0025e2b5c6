// Citizens' feedback and recommendations about dossiers, and their answers.
import type { Feedback } from '@luot/contract';
import { first, type Sql } from '../db.ts';
import type { FeedbackTx } from '../../attachments/feedback.ts';
import type { Row } from '../schema.ts';

const toFeedback = (r: Row<'feedback'>): Feedback => ({
  id: r.id,
  dossierCode: r.dossier_code,
  centerId: r.center_id,
  kind: r.kind,
  source: r.source,
  content: r.content,
  createdAt: r.created_at,
  createdBy: r.created_by,
  answer: r.answer,
  answeredAt: r.answered_at,
  answeredBy: r.answered_by,
  answerSource: r.answer_source,
});

export function feedbackQueries({ db, x, d }: Sql): FeedbackTx {
  const all = db.selectFrom('feedback').selectAll();
  return {
    insertFeedback: async (f) => {
      const r = await first(
        x,
        db
          .insertInto('feedback')
          .values({
            dossier_code: f.dossierCode,
            center_id: f.centerId,
            kind: f.kind,
            source: f.source,
            content: f.content,
            created_at: f.createdAt,
            created_by: f.createdBy,
          })
          .returning('id'),
      );
      if (!r) throw new Error('feedback id not returned');
      return r.id;
    },
    feedback: async (id, lock) => {
      const query = all.where('id', '=', id);
      const r = await first(x, lock ? d.lock(query, lock) : query);
      return r ? toFeedback(r) : null;
    },
    feedbackOfDossier: async (code) =>
      (await x.rows(all.where('dossier_code', '=', code).orderBy('id'))).map(toFeedback),
    feedbackOfCenter: async (centerId, state, limit) => {
      let query = all.where('center_id', '=', centerId);
      if (state === 'open') query = query.where('answered_at', 'is', null);
      if (state === 'answered') query = query.where('answered_at', 'is not', null);
      // The oldest open item first: the one waiting longest for an answer.
      return (
        await x.rows(
          query
            .orderBy('created_at', state === 'open' ? 'asc' : 'desc')
            .orderBy('id')
            .limit(limit),
        )
      ).map(toFeedback);
    },
    answerFeedback: async (id, a) => {
      await x.run(
        db
          .updateTable('feedback')
          .set({ answer: a.answer, answered_at: a.at, answered_by: a.by, answer_source: a.source })
          .where('id', '=', id),
      );
    },
  };
}
