/**
 * A small HTTP client that behaves like a well-mannered non-browser client: it keeps the session cookie and
 * sends an Origin header equal to the server's own origin (as the stable contract asks).
 */
export class HttpClient {
  readonly baseUrl: string;
  readonly #cookies = new Map<string, string>();
  origin: string | null;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
    this.origin = new URL(baseUrl).origin;
  }

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.origin) {
      headers.origin = this.origin;
    }
    if (this.#cookies.size > 0) {
      headers.cookie = this.cookieHeader;
    }
    let payload: string | undefined = init.rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) {
        continue;
      }
      const value = rest.join('=');
      if (value === '' || /max-age=0/i.test(cookie)) {
        this.#cookies.delete(name.trim());
      } else {
        this.#cookies.set(name.trim(), value);
      }
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }

  async login(email: string, password: string) {
    return this.post('/api/auth/login', { email, password });
  }
}
