// The desk prints a dossier's receipt on its counter's thermal printer (see print/receipt-hub.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DossierCodeParams, ReceiptPrintBody, ReceiptPrintOutcome } from '@luot/contract';
import { checkAccess } from '../../auth/access.ts';
import type { ReceiptPrinting } from '../../print/receipt-hub.ts';

export const receiptPrintRoutes: FastifyPluginAsyncTypebox<{ printing: ReceiptPrinting }> = async (
  app,
  { printing },
) => {
  app.post(
    '/api/dossiers/:code/receipt/print',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          "The receipt (form no. 01) on the 80 mm thermal printer of the counter: staff of the receiving center, an officer at the counter they hold; 409 COUNTER_NO_PRINTER when the counter's print agent is not connected",
        params: DossierCodeParams,
        body: ReceiptPrintBody,
        response: { 200: ReceiptPrintOutcome },
      },
      config: { access: { need: 'signed-in' } },
      // Staff of the dossier's receiving center, at a counter of it (an officer: the one they hold).
      preHandler: async (req) => {
        const dossier = await app.queue.store.transaction((tx) => tx.dossiers.dossier(req.params.code));
        if (dossier)
          await checkAccess(
            app.queue.store,
            req.user!,
            { need: 'counter' },
            { centerId: dossier.receivingCenter.id, counterId: req.body.counterId },
          );
      },
    },
    (req) => printing.print(req.params.code, req.body.counterId, req.actor),
  );
};
