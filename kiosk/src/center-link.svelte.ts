// The kiosk's live line to the server: the center's state (the apps' shared LiveCenter over followCenter), its
// opening status and its own printer's status, as reactive fields for the screens.
import { type CenterOpening, type PrinterStatus, type PrintUpdate } from '@luot/contract';
import { LiveCenter } from '@luot/ui/live-center';
import { version } from '../package.json';
import { SvelteMap } from 'svelte/reactivity';

export type PrinterView = PrinterStatus | 'unknown';
/** What the ticket screen says about one ticket's paper. */
export type PrintView = 'printing' | 'printed' | 'expired' | Exclude<PrinterStatus, 'ready'> | 'unknown';

/** A server without the printing handler never answers `kiosk:watch`: the printer is then 'unknown'. */
const WATCH_TIMEOUT_MS = 5000;
const KEPT_PRINT_UPDATES = 20;
/** Opening changes with the time of day: asked again this often, and at once when the hours change. */
const OPENING_REFRESH_MS = 30_000;

export class CenterLink extends LiveCenter {
  printer = $state<PrinterView>('unknown');
  /** The server refused to follow this kiosk's printer (e.g. a kiosk id that is not a device of the center). */
  printerRefusal = $state<{ code: string; message: string } | null>(null);
  /** Latest print update per ticket; it may arrive before the kiosk has the HTTP answer. */
  readonly printUpdates = new SvelteMap<string, PrintUpdate>();
  /** Whether the center issues tickets now (its hours and the province calendar); null until known. */
  opening = $state<CenterOpening | null>(null);

  constructor(
    centerId: string,
    readonly kioskId: string,
    credential: string,
  ) {
    super(centerId, { device: { credential, version } });
    this.socket.on('printer:status', (u) => {
      if (u.kioskId === kioskId) this.printer = u.printer;
    });
    this.socket.on('center:hours', (e) => {
      if (e.centerId === centerId) this.opening = e.opening;
    });
    this.socket.on('connect', () => void this.refreshOpening());
    setInterval(() => void this.refreshOpening(), OPENING_REFRESH_MS);
    this.socket.on('print:update', (u) => {
      if (u.kioskId !== kioskId) return;
      this.printer = u.printer;
      this.printUpdates.set(u.ticketId, u);
      if (this.printUpdates.size > KEPT_PRINT_UPDATES) this.printUpdates.delete(this.printUpdates.keys().next().value!);
    });
  }

  protected override onlineChanged(online: boolean) {
    // Cut off from the server, the kiosk cannot know its printer's state any more.
    if (online) this.watchPrinter();
    else this.printer = 'unknown';
  }

  /** The ticket's print failed or expired: it may be printed again while the citizen is here. */
  canReprint(ticketId: string): boolean {
    const state = this.printUpdates.get(ticketId)?.state;
    return state === 'failed' || state === 'expired';
  }

  /** Asks the server to print the ticket again; false when it refuses. */
  reprint(ticketId: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.socket
        .timeout(WATCH_TIMEOUT_MS)
        .emit('kiosk:reprint', { centerId: this.centerId, kioskId: this.kioskId, ticketId }, (err, res) =>
          resolve(!err && res.ok),
        );
    });
  }

  /** Joins this kiosk's room for print updates; asked again on every (re)connect. */
  private watchPrinter() {
    this.socket
      .timeout(WATCH_TIMEOUT_MS)
      .emit('kiosk:watch', { centerId: this.centerId, kioskId: this.kioskId }, (err, res) => {
        this.printer = err || !res.ok ? 'unknown' : res.printer;
        this.printerRefusal = !err && !res.ok ? { code: res.code, message: res.message } : null;
      });
  }

  /** Asks whether the center issues tickets now (also after a refusal for being closed). */
  async refreshOpening(): Promise<void> {
    try {
      const res = await fetch(`/api/centers/${encodeURIComponent(this.centerId)}/opening`);
      if (res.ok) this.opening = (await res.json()) as CenterOpening;
    } catch {
      // Offline: the connection notice says so; the last answer stands.
    }
  }

  printOf(ticketId: string): PrintView {
    const update = this.printUpdates.get(ticketId);
    if (update?.state === 'printed') return 'printed';
    if (update?.state === 'expired') return 'expired';
    const printer = update?.printer ?? this.printer;
    if (update?.state === 'failed') return printer === 'ready' ? 'error' : printer;
    return printer === 'ready' ? 'printing' : printer;
  }
}
