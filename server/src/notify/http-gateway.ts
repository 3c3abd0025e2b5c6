// A generic message gateway adapter (SMS, Zalo OA…): a signed JSON POST to a configurable URL. The gateway
// (the operator's or the reference one) turns it into a text message.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../queue/service.ts';
import { SIGNATURE_HEADER, signGatewayBody, TIMESTAMP_HEADER } from './gateway-signature.ts';
import type { Delivery, Notifier, NotifyMessage, NotifyTarget } from './port.ts';

/** The JSON body the gateway receives. */
export interface GatewayMessage {
  /** Unique per message: the gateway may use it to drop a retried duplicate. */
  id: string;
  channel: 'sms';
  to: string;
  text: string;
  kind: NotifyMessage['kind'];
  lang: NotifyTarget['lang'];
  sentAt: string;
}

export class HttpGatewayNotifier implements Notifier {
  readonly channel = 'sms' as const;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(target: NotifyTarget, message: NotifyMessage): Promise<Delivery> {
    const now = this.clock();
    const payload: GatewayMessage = {
      id: randomUUID(),
      channel: 'sms',
      to: target.address,
      text: `${message.title}: ${message.body}`,
      kind: message.kind,
      lang: target.lang,
      sentAt: now.toISOString(),
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signGatewayBody(this.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel();
      return res.ok ? 'sent' : 'failed';
    } catch {
      return 'failed';
    }
  }
}
