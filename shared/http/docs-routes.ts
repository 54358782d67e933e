import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { config } from '../config';
import { AppError } from '../errors';
import type { AppEnv } from './context';

/** The Swagger UI files the page needs, and their content types. Nothing else is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function assetsDir(): string {
  return (
    config().DOCS_ASSETS_DIR ??
    dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  );
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Rota API</title>
  <link rel="icon" href="/api/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#docs', deepLinking: true, persistAuthorization: true });
  </script>
</body>
</html>`;

/**
 * `/api/docs`: the OpenAPI document rendered by Swagger UI, its files served from here rather
 * than a CDN, so the docs work offline and under a strict Content-Security-Policy.
 */
export function docsRoutes() {
  const cache = new Map<string, Buffer>();
  return new Hono<AppEnv>()
    .get('/', (c) => {
      // The page runs one inline script; allow exactly that page to do so.
      c.header(
        'Content-Security-Policy',
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
      );
      return c.html(PAGE);
    })
    .get('/assets/:file', async (c) => {
      const file = c.req.param('file');
      const type = ASSETS[file];
      if (!type) throw new AppError('not_found', 'No such file.');
      let body = cache.get(file);
      if (!body) {
        body = await readFile(join(assetsDir(), file));
        cache.set(file, body);
      }
      return c.body(new Uint8Array(body), 200, {
        'content-type': type,
        'cache-control': 'public, max-age=86400',
      });
    });
}
