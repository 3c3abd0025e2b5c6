// What a notification says, in Vietnamese ("Quý khách", as the kiosk and the tracking page) or English.
import { DOSSIER_STATUS_LABELS, type DossierStatus, type NotifyLang } from '@luot/contract';
import { ticketTimeOf } from '../engine/service-day.ts';
import type { NotifyKind } from './port.ts';

export type MessageFacts =
  | { kind: 'near'; ahead: number }
  | { kind: 'called'; counter: number }
  | { kind: 'no_show'; graceUntil: Date }
  | { kind: 'dossier'; code: string; status: DossierStatus };

/** Title and body of a notification about ticket `number`. */
export function wordsOf(
  lang: NotifyLang,
  number: number,
  facts: MessageFacts,
): { kind: NotifyKind; title: string; body: string } {
  const vi = lang === 'vi';
  const title = vi ? `Số thứ tự ${number}` : `Ticket ${number}`;
  switch (facts.kind) {
    case 'near':
      return {
        kind: 'near',
        title,
        body:
          facts.ahead > 0
            ? vi
              ? `Còn ${facts.ahead} người nữa đến lượt Quý khách. Mời Quý khách có mặt gần khu vực quầy.`
              : `${facts.ahead} ${facts.ahead === 1 ? 'person' : 'people'} ahead of you. Please come close to the counters.`
            : vi
              ? 'Sắp đến lượt Quý khách. Mời Quý khách có mặt gần khu vực quầy.'
              : 'Your turn is next. Please come close to the counters.',
      };
    case 'called':
      return {
        kind: 'called',
        title,
        body: vi ? `Đến lượt Quý khách — quầy số ${facts.counter}` : `It is your turn — counter ${facts.counter}`,
      };
    case 'no_show': {
      const until = ticketTimeOf(facts.graceUntil);
      return {
        kind: 'no_show',
        title,
        body: vi
          ? `Quý khách đã vắng mặt khi được gọi. Quý khách có thể quay lại trước ${until.slice(11)} ngày ${until.slice(0, 10)} và báo cán bộ để được xếp lại lượt.`
          : `You were absent when called. You may come back before ${until.slice(11)} on ${until.slice(0, 10)} and ask an officer to put you back in line.`,
      };
    }
    case 'dossier': {
      const label = DOSSIER_STATUS_LABELS[facts.status];
      return {
        kind: 'dossier',
        title: vi ? `Hồ sơ ${facts.code}` : `Dossier ${facts.code}`,
        body: vi ? label.vi : label.en,
      };
    }
  }
}
