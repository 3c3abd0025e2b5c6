// Domain fixtures for engine tests and for centers the demo seed does not have.
import type { Center, Counter, ServiceArea, Ticket } from '@luot/contract';
import { DEFAULT_SETTINGS } from '../../server/src/seed/demo.ts';
import type { Store } from '../../server/src/store/store.ts';

export const center = (settings: Partial<Center['settings']> = {}): Center => ({
  id: 'test-center',
  provinceId: 'can-tho',
  agencyCode: '000.99.99.H13',
  statsCode: '99999',
  name: 'Trung tâm thử nghiệm',
  commune: 'Phường Thử',
  address: 'Cần Thơ',
  settings: { ...DEFAULT_SETTINGS, ...settings },
});

export const area = (id: string, over: Partial<ServiceArea> = {}): ServiceArea => ({
  centerId: 'test-center',
  id,
  code: id.toUpperCase(),
  nameVi: `Lĩnh vực ${id}`,
  nameEn: `Area ${id}`,
  blockStart: 1001,
  blockEnd: 1999,
  targetServiceMinutes: 10,
  closedOn: null,
  sort: 0,
  priorityStreak: 0,
  ...over,
});

export const counter = (id: string, areaIds: string[], over: Partial<Counter> = {}): Counter => ({
  centerId: 'test-center',
  id,
  number: Number(id),
  name: `Quầy ${id}`,
  areaIds,
  state: 'open',
  pauseReason: null,
  officer: null,
  currentTicketId: null,
  ...over,
});

let n = 0;
/** A waiting ticket issued `minute` minutes after 08:00 local time. */
export const waitingTicket = (areaId: string, minute: number, over: Partial<Ticket> = {}): Ticket => {
  const at = new Date(Date.UTC(2026, 10, 23, 1, minute)).toISOString();
  n += 1;
  return {
    id: `t${n}`,
    centerId: 'test-center',
    areaId,
    number: 1000 + n,
    serviceDay: '2026-11-23',
    priority: 'none',
    dossierCode: `000.99.99.H13-261123-${String(n).padStart(4, '0')}`,
    trackingSecret: 'ABCD',
    state: 'waiting',
    issuedAt: at,
    queuedAt: at,
    calledAt: null,
    servingAt: null,
    finishedAt: null,
    counterId: null,
    assignedCounterId: null,
    recallCount: 0,
    transferCount: 0,
    kioskId: null,
    channel: 'kiosk',
    dueAt: null,
    confirmedAt: null,
    ...over,
  };
};

/** Adds the test center with the given areas and counters to a store. */
export async function addCenter(
  store: Store,
  areas: ServiceArea[],
  counters: Counter[],
  settings: Partial<Center['settings']> = {},
) {
  await store.transaction(async (tx) => {
    await tx.upsertProvince({ id: 'can-tho', code: '92', name: 'Thành phố Cần Thơ' });
    await tx.insertCenter(center(settings));
    for (const a of areas) await tx.insertArea(a);
    for (const c of counters) await tx.insertCounter(c);
  });
}
