// SQL of how a dossier's result goes back on PostgreSQL: asked for at reception (desk or post), then recorded
// when returned. Kept apart from dossier-queries.ts so the data-layer port can take it as it is.
import type { ClientBase } from 'pg';
import type { DossierTx } from '../dossiers.ts';
import { statements } from './query.ts';

const SQL = {
  setResultBy: `UPDATE dossiers SET result_by = $1 WHERE code = $2`,
  setDelivery: `UPDATE dossiers SET delivery = $1 WHERE code = $2`,
} as const;

export function pgReturnTx(client: ClientBase): Pick<DossierTx, 'setResultBy' | 'setDelivery'> {
  const run = statements('returns', SQL, client);
  return {
    setResultBy: async (code, resultBy) => {
      await run('setResultBy', [resultBy, code]);
    },
    setDelivery: async (code, delivery) => {
      await run('setDelivery', [JSON.stringify(delivery), code]);
    },
  };
}
