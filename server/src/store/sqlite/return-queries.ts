// SQL of how a dossier's result goes back: asked for at reception (desk or post), then recorded when returned.
// Kept apart from dossier-queries.ts so the data-layer port can take it as it is.
import type Database from 'better-sqlite3';
import type { DossierTx } from '../dossiers.ts';

const SQL = {
  setResultBy: `UPDATE dossiers SET result_by = ? WHERE code = ?`,
  setDelivery: `UPDATE dossiers SET delivery = ? WHERE code = ?`,
} as const;

export function sqliteReturnTx(db: Database.Database): Pick<DossierTx, 'setResultBy' | 'setDelivery'> {
  const setResultBy = db.prepare(SQL.setResultBy);
  const setDelivery = db.prepare(SQL.setDelivery);
  return {
    setResultBy: async (code, resultBy) => {
      setResultBy.run(resultBy, code);
    },
    setDelivery: async (code, delivery) => {
      setDelivery.run(JSON.stringify(delivery), code);
    },
  };
}
