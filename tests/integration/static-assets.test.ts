// The built apps are sent as compressed at build time (brotli, gzip, chosen by Accept-Encoding), their hashed
// assets cached for a year and never asked again, their pages checked every time. Needs `npm run build`.
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS } from '../../server/src/http/pages.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that leaves the body as it came (fetch would decompress it). */
function rawGet(path: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(`${t.url}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe.each(APPS)('the %s app', (app) => {
  it('sends its page uncached and its hashed assets precompressed and immutable', async () => {
    const page = await rawGet(`/${app}/`, 'br, gzip');
    expect(page.status, `build the app first: npm run build -w @luot/${app}`).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = String(
      page.headers['content-encoding'] === 'br'
        ? brotliDecompressSync(page.body)
        : page.headers['content-encoding'] === 'gzip'
          ? gunzipSync(page.body)
          : page.body,
    );
    const script = html.match(/src="(\/[^"]+\/assets\/[^"]+\.js)"/)?.[1];
    expect(script, html).toBeDefined();

    const plain = await rawGet(script!);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.vary).toContain('accept-encoding');

    const br = await rawGet(script!, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gz = await rawGet(script!, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

    const style = html.match(/href="(\/[^"]+\/assets\/[^"]+\.css)"/)?.[1];
    if (style) {
      const css = await rawGet(style, 'br');
      expect(css.headers['content-encoding']).toBe('br');
      expect(css.headers['content-type']).toMatch(/text\/css/);
    }
  });
});
