// A Vite plugin that writes a gzip and a brotli copy beside every text file of an app's build, once, at the highest
// levels: the server sends them as they are (@fastify/static `preCompressed`), so no request pays for compression.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;
/** Below this, headers cost more than compression saves. */
const MIN_BYTES = 1024;

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Writes `<file>.gz` and `<file>.br` for each compressible file of `dir` where compression makes it smaller. */
export function precompressDir(dir: string): { files: number; bytes: number; gzip: number; brotli: number } {
  const totals = { files: 0, bytes: 0, gzip: 0, brotli: 0 };
  for (const path of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(path)) continue;
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES) continue;
    const gz = gzipSync(raw, { level: 9 });
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    if (gz.length < raw.length) writeFileSync(`${path}.gz`, gz);
    if (br.length < raw.length) writeFileSync(`${path}.br`, br);
    totals.files += 1;
    totals.bytes += raw.length;
    totals.gzip += Math.min(gz.length, raw.length);
    totals.brotli += Math.min(br.length, raw.length);
  }
  return totals;
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'luot-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const t = precompressDir(outDir);
      this.info(`precompressed ${t.files} files: ${t.bytes} B → gzip ${t.gzip} B, brotli ${t.brotli} B`);
    },
  };
}
