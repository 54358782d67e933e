/**
 * The built web app (web/dist) on the API's origin, as CloudFront serves it in AWS: files as they
 * are, hashed assets cached for a year, and index.html for every other page address so the
 * browser router can take over. Addresses under /api/ are never the web app's.
 */
import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import type { App } from '../http/app';

const ONE_YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/** Serves `root` (web/dist) from `app`; false when the web app has not been built. */
export function serveWebApp(app: App, root: string): boolean {
  if (!existsSync(`${root}/index.html`)) return false;
  app.use(
    '/assets/*',
    serveStatic({ root, onFound: (_path, c) => c.header('cache-control', ONE_YEAR_IMMUTABLE) }),
  );
  app.use('/*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    return serveStatic({ root })(c, next);
  });
  // A page address the browser router knows (e.g. /schedule) is not a file: answer index.html.
  app.use('/*', async (c, next) => {
    const isPage =
      c.req.method === 'GET' && !c.req.path.startsWith('/api/') && !c.req.path.startsWith('/assets/');
    if (!isPage) return next();
    c.header('cache-control', 'no-cache');
    return serveStatic({ root, path: 'index.html' })(c, next);
  });
  return true;
}
