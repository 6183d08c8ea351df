/**
 * The part of a browser single sign-on needs, over plain HTTP: one cookie jar for 127.0.0.1 (cookies ignore
 * ports, as in browsers), redirects followed by hand, and HTML forms submitted with their hidden fields.
 */
export class FormBrowser {
  readonly #cookies = new Map<string, string>();

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /**
   * Opens a URL and follows redirects until a page answers, or until `stopAt` says a URL is not to be opened
   * (it is then returned unopened, with status 0).
   */
  async open(
    url: string,
    options: { stopAt?: (url: URL) => boolean; method?: string; form?: URLSearchParams } = {},
  ): Promise<{ url: URL; status: number; body: string }> {
    let current = new URL(url);
    let method = options.method ?? 'GET';
    let form = options.form;
    for (let hop = 0; hop < 20; hop += 1) {
      if (options.stopAt?.(current)) {
        return { url: current, status: 0, body: '' };
      }
      const headers: Record<string, string> = { cookie: this.#cookieHeader() };
      if (form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers.origin = current.origin;
      }
      const response = await fetch(current, { method, headers, body: form?.toString(), redirect: 'manual' });
      this.#keep(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = new URL(location, current);
        method = 'GET';
        form = undefined;
        continue;
      }
      return { url: current, status: response.status, body: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the first form of a page, with its hidden fields and `fields`, following redirects as `open`. */
  submit(
    page: { url: URL; body: string },
    fields: Record<string, string>,
    stopAt?: (url: URL) => boolean,
  ): ReturnType<FormBrowser['open']> {
    const action = /<form[^>]*action="([^"]*)"/.exec(page.body)?.[1];
    if (action === undefined) {
      throw new Error(`no form on ${page.url.href}: ${page.body.slice(0, 300)}`);
    }
    const form = new URLSearchParams();
    for (const match of page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
      form.set(match[1] ?? '', match[2] ?? '');
    }
    for (const [name, value] of Object.entries(fields)) {
      form.set(name, value);
    }
    return this.open(new URL(action.replaceAll('&amp;', '&'), page.url).href, {
      method: 'POST',
      form,
      ...(stopAt ? { stopAt } : {}),
    });
  }

  #cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #keep(setCookies: string[]): void {
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) {
        continue;
      }
      const value = rest.join('=');
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) {
        this.#cookies.delete(name.trim());
      } else {
        this.#cookies.set(name.trim(), value);
      }
    }
  }
}
