// The ticket as a list of blocks, in Vietnamese, the way Vietnamese one-stop centers print them. Sizes are dots
// at 203 dpi, so the same layout drives the raster image, the text-mode bytes and the PNG preview.
import { TICKET_VI, waitTextVi, type PrintJob } from '@luot/contract';
import { dateTimeText } from '@luot/ui/time';
import { DOTS, type PaperWidth } from './profile.ts';

export type Align = 'center' | 'left';

export type Block =
  | { kind: 'text'; text: string; size: number; bold: boolean; align: Align; invert?: boolean }
  /** Label on the left, value on the right; the value moves under the label when both do not fit. */
  | { kind: 'pair'; label: string; value: string; size: number }
  | { kind: 'number'; text: string; size: number }
  | { kind: 'rule' }
  | { kind: 'space'; height: number }
  | { kind: 'qr'; data: string; moduleDots: number };

export interface TicketLayout {
  width: number;
  blocks: Block[];
}

/** dd/mm/yyyy HH:mm in Vietnam time, whatever the kiosk machine's time zone. */
export const ticketTime = (iso: string): string => dateTimeText(iso);

export function ticketLayout(job: PrintJob, paper: PaperWidth): TicketLayout {
  const width = DOTS[paper];
  // Narrow paper keeps text a little larger than the plain ratio: 2 mm letters stay readable.
  const s = Math.max(width / 576, 0.75);
  const px = (n: number) => Math.round(n * s);
  const { ticket, area, center, peopleAhead, estimatedWaitMinutes } = job.issued;
  const blocks: Block[] = [
    { kind: 'text', text: center.name.toUpperCase(), size: px(26), bold: true, align: 'center' },
    { kind: 'text', text: center.commune, size: px(24), bold: false, align: 'center' },
    { kind: 'rule' },
    { kind: 'text', text: TICKET_VI.heading, size: px(34), bold: true, align: 'center' },
    { kind: 'number', text: String(ticket.number), size: paper === 80 ? 200 : 150 },
    { kind: 'text', text: `${TICKET_VI.area}: ${area.nameVi}`, size: px(30), bold: true, align: 'center' },
  ];
  if (ticket.priority !== 'none') {
    blocks.push(
      { kind: 'space', height: px(8) },
      { kind: 'text', text: ` ${TICKET_VI.priorityMark} `, size: px(32), bold: true, align: 'center', invert: true },
      { kind: 'text', text: TICKET_VI.priority[ticket.priority], size: px(24), bold: false, align: 'center' },
    );
  }
  blocks.push(
    { kind: 'rule' },
    { kind: 'pair', label: `${TICKET_VI.issuedAt}:`, value: ticketTime(ticket.issuedAt), size: px(24) },
    { kind: 'pair', label: `${TICKET_VI.peopleAhead}:`, value: String(peopleAhead), size: px(24) },
    { kind: 'pair', label: `${TICKET_VI.expectedWait}:`, value: waitTextVi(estimatedWaitMinutes), size: px(24) },
    { kind: 'rule' },
    { kind: 'qr', data: job.trackingUrl, moduleDots: paper === 80 ? 5 : 4 },
    {
      kind: 'text',
      text: `${TICKET_VI.dossierCode}: ${ticket.dossierCode}`,
      size: px(24),
      bold: true,
      align: 'center',
    },
    {
      kind: 'text',
      text: `${TICKET_VI.trackingSecret}: ${ticket.trackingSecret}`,
      size: px(24),
      bold: false,
      align: 'center',
    },
    { kind: 'text', text: TICKET_VI.qrLine, size: px(22), bold: false, align: 'center' },
    { kind: 'space', height: px(6) },
    { kind: 'text', text: TICKET_VI.thanks, size: px(28), bold: true, align: 'center' },
  );
  return { width, blocks };
}
