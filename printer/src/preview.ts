// `npm run preview -w @luot/printer -- [--out DIR]`: PNGs of a sample Vietnamese ticket at 80 and 58 mm, exactly as
// the raster bytes print it, to look at without a printer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PrintJob } from '@luot/contract';
import { ticketLayout } from './layout.ts';
import type { PaperWidth } from './profile.ts';
import { pngOf, renderTicket } from './raster.ts';
import { sampleJob } from './sample.ts';

/** The PNG of a job's ticket, as printed. */
export const previewPng = (job: PrintJob, paper: PaperWidth): Buffer => pngOf(renderTicket(ticketLayout(job, paper)));

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'preview' } } });
  const dir = resolve(values.out);
  mkdirSync(dir, { recursive: true });
  for (const paper of [80, 58] as const) {
    for (const [name, job] of [
      ['ticket', sampleJob()],
      ['priority', sampleJob({ number: 1024, priority: 'elderly' })],
    ] as const) {
      const file = join(dir, `print-${name}-${paper}mm.png`);
      writeFileSync(file, previewPng(job, paper));
      console.log(file);
    }
  }
}
