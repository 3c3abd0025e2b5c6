// `npm run agent -w @luot/printer -- --server … [--pair CODE] --printer …`: the print agent of one kiosk or counter (the kiosk or counter
// and its center come from the agent's enrollment: the console's pairing code, traded once for a credential).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PrintAgent } from './agent.ts';
import { targetOf } from './connection.ts';
import { findFonts, loadFonts } from './fonts.ts';
import { pairAgent, savedPairing } from './pairing.ts';
import { paperOf, profileOf } from './profile.ts';

const USAGE = `luot print agent

  npm run agent -w @luot/printer -- --server URL [--pair CODE] --printer TARGET [options]

  --server URL         luot server (LUOT_SERVER), e.g. http://10.0.0.2:3000
  --pair CODE          the one-time pairing code of this print agent (console → Thiết bị), once: the agent's own
                       credential is then kept in the state dir, and names its kiosk (tickets)
                       or counter (receipts) and center
  --printer TARGET     tcp://host:9100 or a device file such as /dev/usb/lp0 (LUOT_PRINTER)
  --paper 80|58        paper width in mm (LUOT_PAPER, default 80)
  --profile NAME       epson | escpos | star (LUOT_PRINTER_PROFILE, default epson)
  --text MODE          raster (default) or text:<code page>, e.g. text:52 for Windows-1258 on EPSON (LUOT_PRINTER_TEXT)
  --qr MODE            native | raster: override the profile (LUOT_PRINTER_QR)
  --status MODE        dle-eot | none: override the profile (LUOT_PRINTER_STATUS)
  --state-dir DIR      where printed job ids are kept (LUOT_PRINTER_STATE, default ~/.luot-printer)
  --max-wait SECONDS   give up on a ticket not printed this long after issue (LUOT_PRINTER_MAX_WAIT, default 180)
  --font-regular FILE, --font-bold FILE   TrueType fonts with Vietnamese glyphs (LUOT_FONT_REGULAR, LUOT_FONT_BOLD)
`;

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    pair: { type: 'string' },
    printer: { type: 'string' },
    paper: { type: 'string' },
    profile: { type: 'string' },
    text: { type: 'string' },
    qr: { type: 'string' },
    status: { type: 'string' },
    'state-dir': { type: 'string' },
    'max-wait': { type: 'string' },
    'font-regular': { type: 'string' },
    'font-bold': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const env = process.env;
const setting = (value: string | undefined, name: string, fallback?: string) => value ?? env[name] ?? fallback;

try {
  const serverUrl = setting(values.server, 'LUOT_SERVER');
  const printer = setting(values.printer, 'LUOT_PRINTER');
  if (!serverUrl || !printer) throw new Error('--server and --printer are required');
  const stateDir = setting(values['state-dir'], 'LUOT_PRINTER_STATE', join(homedir(), '.luot-printer'))!;
  const paired = values.pair ? await pairAgent(serverUrl, values.pair, stateDir) : savedPairing(stateDir);
  // Enrolled for a kiosk (its tickets) or for a counter (its dossiers' receipts).
  if (!paired?.device.kioskId && !paired?.device.counterId)
    throw new Error(
      `not enrolled yet: pass --pair CODE (a pairing code from the console) once (state dir ${stateDir})`,
    );
  const maxWait = Number(setting(values['max-wait'], 'LUOT_PRINTER_MAX_WAIT', '180'));
  if (!Number.isFinite(maxWait) || maxWait <= 0) throw new Error('--max-wait must be a number of seconds');
  // Fail now, not at the first ticket, when no Vietnamese font can be found.
  loadFonts(
    findFonts({
      regular: setting(values['font-regular'], 'LUOT_FONT_REGULAR'),
      bold: setting(values['font-bold'], 'LUOT_FONT_BOLD'),
    }),
  );

  const agent = new PrintAgent({
    serverUrl,
    credential: paired.credential,
    centerId: paired.device.centerId,
    kioskId: paired.device.kioskId,
    counterId: paired.device.counterId,
    target: targetOf(printer),
    paper: paperOf(setting(values.paper, 'LUOT_PAPER', '80')!),
    profile: profileOf(setting(values.profile, 'LUOT_PRINTER_PROFILE', 'epson')!, {
      text: setting(values.text, 'LUOT_PRINTER_TEXT'),
      qr: setting(values.qr, 'LUOT_PRINTER_QR'),
      status: setting(values.status, 'LUOT_PRINTER_STATUS'),
    }),
    stateDir,
    maxWaitMs: maxWait * 1000,
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
    onFatal: (message) => {
      console.error(`print agent stopped: ${message}`);
      void agent.stop().then(() => process.exit(2));
    },
  });
  agent.start();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void agent.stop().then(() => process.exit(0)));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(1);
}
