// The hand-off to the provincial system, end to end over real HTTP: our server, the reference province,
// the webhook back. Faults are injected in the province; every dossier must arrive exactly once and end in
// the status the province holds.
import { afterEach, describe, expect, it } from 'vitest';
import type { Dossier } from '../../server/src/contract/index.ts';
import { birthRegistration, eventually, type Linked, receiveAt, startLinked, ticketAtCounter } from '../helpers/province.ts';

let linked: Linked | null = null;
afterEach(async () => {
  await linked?.close();
  linked = null;
});

const dossierOf = async (l: Linked, code: string): Promise<Dossier> => (await l.t.request('GET', `/api/dossiers/${encodeURIComponent(code)}`)).body.dossier;

/** Both sides agree: the province holds the dossier once, and our copy has its final status. */
async function settled(l: Linked, code: string, status = 'result_ready'): Promise<Dossier> {
  const record = await eventually(`province finishes ${code}`, () => {
    const r = l.province.records.get(code);
    return r && r.script.length === 0 && r;
  });
  expect(record.status).toBe(status);
  const ours = await eventually(`our copy of ${code} reaches ${status}`, async () => {
    const d = await dossierOf(l, code);
    return d.status === status && d;
  });
  expect(record.receipts).toBe(1);
  expect(ours.provinceVersion).toBe(record.version);
  return ours;
}

describe('hand-off to the provincial system', () => {
  it('routes a commune procedure received at two different centers to the right commune', async () => {
    linked = await startLinked();
    const { t, province } = linked;
    // Filed at Cái Răng for Ninh Kiều's commune (regardless of boundaries), and at Ninh Kiều itself.
    const a = await ticketAtCounter(t, 'cai-rang', 'ht', '1');
    const atCaiRang = await receiveAt(t, 'cai-rang', '1', birthRegistration({ authorityId: 'ubnd-ninh-kieu' }));
    const b = await ticketAtCounter(t, 'ninh-kieu', 'ht', '1');
    const atNinhKieu = await receiveAt(t, 'ninh-kieu', '1', birthRegistration());
    // A province-level procedure filed at a ward goes to the department.
    await ticketAtCounter(t, 'cai-rang', 'ld', '4');
    const lld = await receiveAt(t, 'cai-rang', '4', {
      procedureCode: '1.001978',
      applicant: { name: 'Lê Văn Tư', type: 'citizen', idNumber: '092080004321' },
      documents: [{ name: 'Đề nghị hưởng trợ cấp thất nghiệp', copies: 1, original: true }],
      fields: { insuranceNumber: '9212345678' },
    });

    expect(atCaiRang.dossier.code).toBe(a.ticket.dossierCode);
    expect(atCaiRang.dossier.code.startsWith('000.31.02.H13-')).toBe(true);
    expect(atNinhKieu.dossier.code).toBe(b.ticket.dossierCode);
    expect(atCaiRang.dossier.receivingCenter.id).toBe('cai-rang');
    expect(atCaiRang.dossier.authority.id).toBe('ubnd-ninh-kieu');
    expect(atNinhKieu.dossier.authority.id).toBe('ubnd-ninh-kieu');

    for (const r of [atCaiRang, atNinhKieu, lld]) await settled(linked, r.dossier.code);
    const ninhKieu = { code: '000.31.11.H13', name: 'Ủy ban nhân dân phường Ninh Kiều', level: 'commune' };
    expect(province.records.get(atCaiRang.dossier.code)!.routedTo).toEqual(ninhKieu);
    expect(province.records.get(atNinhKieu.dossier.code)!.routedTo).toEqual(ninhKieu);
    expect(province.records.get(atCaiRang.dossier.code)!.dossier.receivingUnit.code).toBe('000.31.02.H13');
    expect(province.records.get(lld.dossier.code)!.routedTo.name).toBe('Sở Nội vụ thành phố Cần Thơ');

    const final = await dossierOf(linked, atCaiRang.dossier.code);
    expect(final.history.map((h) => h.status)).toEqual(['received', 'forwarded', 'accepted', 'in_process', 'result_ready']);
  });
});
