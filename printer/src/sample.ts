// A ticket of the demo province, for previews and tests (no server needed).
import { type PrintJob, type PriorityClass, trackingUrlOf } from '@luot/contract';

export function sampleJob(
  options: { number?: number; priority?: PriorityClass; peopleAhead?: number; wait?: number | null } = {},
): PrintJob {
  const dossierCode = '000.00.53.H48-250921-0099';
  const trackingSecret = 'K7QM';
  return {
    jobId: 'sample-job-1',
    kioskId: 'ninh-kieu-kiosk-1',
    trackingUrl: trackingUrlOf('https://luot.cantho.gov.vn', dossierCode, trackingSecret),
    validFrom: '2025-09-21T01:15:00.000Z',
    expiresAt: '2025-09-21T01:17:00.000Z',
    issued: {
      ticket: {
        id: 'sample-ticket-1',
        centerId: 'ninh-kieu',
        areaId: 'ht',
        number: options.number ?? 1023,
        serviceDay: '2025-09-21',
        priority: options.priority ?? 'none',
        dossierCode,
        trackingSecret,
        state: 'waiting',
        issuedAt: '2025-09-21T01:15:00.000Z',
        queuedAt: '2025-09-21T01:15:00.000Z',
        calledAt: null,
        servingAt: null,
        finishedAt: null,
        counterId: null,
        assignedCounterId: null,
        recallCount: 0,
        transferCount: 0,
        kioskId: 'ninh-kieu-kiosk-1',
        channel: 'kiosk',
        dueAt: null,
        confirmedAt: null,
      },
      area: { id: 'ht', code: 'HT', nameVi: 'Hộ tịch', nameEn: 'Civil status' },
      center: {
        id: 'ninh-kieu',
        name: 'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
        commune: 'Phường Ninh Kiều, thành phố Cần Thơ',
      },
      peopleAhead: options.peopleAhead ?? 7,
      estimatedWaitMinutes: options.wait === undefined ? 21 : options.wait,
    },
  };
}
