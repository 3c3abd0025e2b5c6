// `npm run fake-printer -w @luot/printer -- --port 9100 --out received`: a pretend network printer for trying the
// agent without hardware; each ticket it receives is saved as .bin and as a PNG of its raster part.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decode, stackRaster, textLines } from './decode.ts';
import { startFakePrinter } from './fake-printer.ts';
import { pngOf } from './raster.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    out: { type: 'string', default: 'received' },
    commands: { type: 'string', default: 'epson' },
    'paper-out': { type: 'boolean' },
  },
});
const commands = values.commands === 'star' ? 'star' : 'epson';
const dir = resolve(values.out);
mkdirSync(dir, { recursive: true });
const printer = await startFakePrinter({ port: Number(values.port), paperOut: values['paper-out'] });
console.log(
  `fake ${commands} printer at ${printer.url}${printer.paperOut ? ' (out of paper)' : ''}; tickets go to ${dir}`,
);
let seen = 0;
for (;;) {
  const jobs = await printer.waitForJobs(seen + 1);
  for (const bytes of jobs.slice(seen)) {
    seen++;
    const base = join(dir, `job-${seen}`);
    writeFileSync(`${base}.bin`, bytes);
    const ops = decode(bytes, { commands });
    const image = stackRaster(ops);
    if (image.height > 0) writeFileSync(`${base}.png`, pngOf(image));
    const qr = ops.find((o) => o.op === 'qr');
    console.log(
      `job ${seen}: ${bytes.length} bytes${qr && qr.op === 'qr' ? `, QR ${qr.data}` : ''}${textLines(ops).length ? `\n  ${textLines(ops).join('\n  ')}` : ''}`,
    );
  }
}
