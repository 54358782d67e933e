import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

/**
 * The security headers every response carries, documents and API data alike: HTTPS only, never
 * sniffed into another type (JSON read as HTML or script), never read by another site's page.
 */
const EVERY_RESPONSE: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

/**
 * API data (JSON, CSV, PDF) is a signed-in person's business data: no browser or shared cache
 * may keep it (OWASP's REST Security Cheat Sheet).
 */
const API_DATA: [string, string][] = [...EVERY_RESPONSE, ['Cache-Control', 'no-store']];

/**
 * Documents a browser renders (the web app, `/api/docs`, error pages outside the API) get Hono's
 * `secureHeaders()` defaults in full. The rest of them only govern documents (framing, referrers,
 * prefetching, browsing-context isolation, legacy IE and Flash), so API data goes without them:
 * each header costs both ends CPU on every response, and a JSON answer is most of the traffic.
 * In AWS, CloudFront's response headers policies (infra/web.ts) set theirs on top.
 */
const DOCUMENT: [string, string][] = [
  ...EVERY_RESPONSE,
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** The headers for a response to `path`: API data under /api/, except the HTML docs. */
function securityHeadersFor(path: string): [string, string][] {
  return path.startsWith('/api/') && !path.startsWith('/api/docs') ? API_DATA : DOCUMENT;
}

const REQUEST_ID_HEADER = 'X-Request-Id';
/** A caller's own request id is kept when it is short and plain (as Hono's requestId() checks). */
const USABLE_REQUEST_ID = /^[\w\-=]{1,255}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when usable, else a new UUID), echoes it,
 * and adds the security headers to every response, errors included ({@link securityHeadersFor}); a
 * handler may set its own.
 *
 * Under @hono/node-server (`npm start`, containers) the headers go straight onto Node's response,
 * which writes them with the handler's own: any header Hono sets per request makes it build a
 * WHATWG Headers object and sort it, ~5 KB of garbage per response. Elsewhere (Lambda, tests'
 * `app.request()`) they are set on Hono's response once the handler is done.
 */
export function responseHeaders(): MiddlewareHandler<AppEnv> {
  // Not an async function: on the Node path it hands back next()'s promise as it is.
  return (c, next) => {
    const given = c.req.header(REQUEST_ID_HEADER);
    const id = given && USABLE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', id);
    const securityHeaders = securityHeadersFor(c.req.path);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (outgoing && typeof outgoing.setHeader === 'function') {
      outgoing.setHeader(REQUEST_ID_HEADER, id);
      for (const [name, value] of securityHeaders) outgoing.setHeader(name, value);
      return next();
    }
    c.header(REQUEST_ID_HEADER, id);
    return next().then(() => {
      // A header the handler set itself wins, as it does on Node's response above.
      for (const [name, value] of securityHeaders)
        if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    });
  };
}
