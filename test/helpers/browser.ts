import type { App } from '../../shared/http/app';

/**
 * A tiny browser for `app.request()`: keeps cookies between requests, sends the app's Origin on
 * every request (as a browser on the app's own pages does) and a fixed client address.
 */
export class Browser {
  private cookies = new Map<string, string>();

  constructor(
    private readonly app: App,
    private readonly options: { ip: string; origin?: string },
  ) {}

  /** `json` is sent as JSON; `body` is sent as it is, with the caller's content type. */
  async request(
    path: string,
    init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {
      'x-forwarded-for': this.options.ip,
      origin: this.options.origin ?? 'http://localhost:3000',
      ...init.headers,
    };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const body = init.json === undefined ? init.body : JSON.stringify(init.json);
    const response = await this.app.request(path, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GET/POST helper returning status and parsed JSON (or null). */
  async call(path: string, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}) {
    const response = await this.request(path, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  forgetCookies() {
    this.cookies.clear();
  }
}
