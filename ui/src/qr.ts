// The ticket's QR code, drawn as SVG from the same payload the printed ticket carries (trackingUrlOf).
import QRCode from 'qrcode';

/** Shared with the e2e test, which encodes the expected payload with the same options to compare. */
export const QR_OPTIONS = {
  type: 'svg',
  errorCorrectionLevel: 'M',
  margin: 2,
  color: { dark: '#000000', light: '#ffffff' },
} as const;

export const qrSvg = (payload: string): Promise<string> => QRCode.toString(payload, QR_OPTIONS);
