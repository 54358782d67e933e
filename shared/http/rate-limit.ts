import type { Context, MiddlewareHandler } from 'hono';
import type { Sql } from '../db/client';
import { AppError } from '../errors';
import type { AppEnv } from './context';

/**
 * The caller's address for rate limiting: CloudFront's viewer address when present, else the last
 * X-Forwarded-For hop (added by API Gateway, not by the client), else a local placeholder.
 * Through CloudFront the last hop is CloudFront's edge, shared by everyone near it; the viewer
 * address is what tells people apart there (infra/web.ts forwards it).
 */
export function clientAddress(c: Context): string {
  const viewer = c.req.header('cloudfront-viewer-address');
  if (viewer) return viewer.replace(/:\d+$/, '');
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
