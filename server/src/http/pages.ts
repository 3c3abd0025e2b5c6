// The built apps (kiosk, display, console) as static pages, and a landing page that links them per center.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APPS = ['kiosk', 'display', 'console', 'track'] as const;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A file Vite names by its content hash, under the app's assets/ folder. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The console URL of one center, also printed at start (kiosks and displays know their center by their credential). */
export function pageUrlsOf(base: string, centerId: string) {
  return { console: `${base}/console/?center=${encodeURIComponent(centerId)}` };
}

export async function registerPages(app: FastifyInstance) {
  for (const name of APPS) {
    const dist = join(ROOT, name, 'dist');
    if (existsSync(dist)) {
      await app.register(fastifyStatic, {
        root: dist,
        prefix: `/${name}/`,
        decorateReply: false,
        // gzip and brotli copies written at build time (see precompress.ts), chosen by Accept-Encoding.
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, path) => {
          // Hashed assets never change under their name; the page that names them is checked every time.
          reply.header('cache-control', HASHED_ASSET.test(path) ? IMMUTABLE : 'no-cache');
        },
      });
    } else {
      app.get(`/${name}/`, (_req, reply) =>
        reply
          .code(503)
          .type('text/html; charset=utf-8')
          .send(`<p>The ${name} app is not built: run <code>npm run build</code>.</p>`),
      );
    }
  }

  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const rows = (await app.queue.store.centers()).map(
      (center) =>
        `<tr><td>${escapeHtml(center.name)}</td><td><a href="${pageUrlsOf('', center.id).console}">Bàn làm việc</a></td></tr>`,
    );
    return reply.type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>luot</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}td,th{padding:.4rem .8rem;text-align:left;border-bottom:1px solid #ddd}</style>
<h1>luot: lấy số thứ tự</h1><table><tr><th>Trung tâm</th><th>Cán bộ</th></tr>${rows.join('')}</table>
<p>Kiosk và màn hình (<a href="/kiosk/">/kiosk/</a>, <a href="/display/">/display/</a>) được ghép nối một lần bằng mã
từ Bàn làm việc → Thiết bị. / Kiosks and displays are paired once with a code from the console's Devices view.</p>
<p><a href="/docs">API (OpenAPI)</a></p></html>`);
  });
}
