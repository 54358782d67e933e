import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { config, loadOriginVerifySecret } from '../config';
import type { Sql } from '../db/client';
import { AppError } from '../errors';
import type { AppEnv } from './context';

/**
 * The header CloudFront adds to every request it sends to the API, holding ORIGIN_VERIFY_SECRET
 * (infra/web.ts). CloudFront replaces a viewer's header of the same name, so only a request that
 * went through our distribution can carry the right value.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether the request came through our CloudFront distribution: it carries ORIGIN_VERIFY_SECRET,
 * compared in constant time (over digests, which are of equal length whatever was sent).
 */
function fromOurDistribution(c: Context): boolean {
  const expected = config().ORIGIN_VERIFY_SECRET;
  const sent = c.req.header(ORIGIN_VERIFY_HEADER);
  return expected !== undefined && sent !== undefined && timingSafeEqual(sha256(sent), sha256(expected));
}

/**
 * The caller's address for rate limiting: CloudFront's viewer address on a request that came
 * through our distribution, else the last X-Forwarded-For hop (added by API Gateway, not by the
 * client), else a local placeholder. Through CloudFront the last hop is CloudFront's edge, shared by
 * everyone near it; the viewer address is what tells people apart there (infra/web.ts forwards it).
 * The execute-api endpoint stays reachable directly (it is CloudFront's origin), where anyone can
 * send CloudFront-Viewer-Address; so it counts only beside the verified origin header.
 *
 * Synchronous: in AWS, callers load ORIGIN_VERIFY_SECRET first ({@link loadOriginVerifySecret}:
 * {@link rateLimit} and the /api/auth/* routes do); until then the viewer address is not trusted.
 */
export function clientAddress(c: Context): string {
  const viewer = c.req.header('cloudfront-viewer-address');
  if (viewer && fromOurDistribution(c)) return viewer.replace(/:\d+$/, '');
  const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || 'local';
}

/**
 * A fixed-window limit per client address, counted in PostgreSQL (platform.rate_limits) because
 * Lambda instances share no memory. Over the limit: 429 with Retry-After.
 */
export function rateLimit(
  sql: Sql,
  options: { name: string; max: number; windowSeconds: number },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Only here, on a rate-limited route, does the API fetch the origin secret (once per process).
    await loadOriginVerifySecret();
    const key = `${options.name}:${clientAddress(c)}`;
    const [row] = await sql<{ hits: number; retry_after: number }[]>`
      insert into platform.rate_limits as r (key, window_start, hits) values (${key}, now(), 1)
      on conflict (key) do update set
        hits = case when r.window_start <= now() - make_interval(secs => ${options.windowSeconds}) then 1 else r.hits + 1 end,
        window_start = case when r.window_start <= now() - make_interval(secs => ${options.windowSeconds}) then now() else r.window_start end
      returning hits, ceil(extract(epoch from r.window_start + make_interval(secs => ${options.windowSeconds}) - now()))::int as retry_after`;
    if (row && row.hits > options.max) {
      c.header('Retry-After', String(Math.max(1, row.retry_after)));
      throw new AppError('rate_limited', 'Too many attempts. Wait a minute and try again.');
    }
    await next();
  };
}
