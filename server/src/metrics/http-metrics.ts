import type { RequestHandler } from 'express';
import type { Histogram } from 'prom-client';

export type HttpLabels = 'method' | 'route' | 'status_class';

/** Methods a label may name; anything else is `other`, so a client cannot add label values at will. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The label of a request that no route answered (the web app, an unknown address, a 404). */
export const UNMATCHED = 'unmatched';

/**
 * Times every request into `histogram`, labelled by method, route template and status class (`2xx`…). The route
 * is the template Express matched (`/api/reviews/:id`), never the address asked for: addresses carry ids and
 * secrets, and each distinct one would be a new time series. It is read when Express records the match
 * (`req.route` is set while `req.baseUrl` is still that router's mount path; once an error leaves the router,
 * `baseUrl` is reset, so reading both at the end would lose the prefix).
 */
export function httpMetrics(histogram: Histogram<HttpLabels>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    let route: unknown;
    let template: string | undefined;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value: unknown) => {
        route = value;
        template = routeTemplate(req.baseUrl, value);
      },
    });
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe(
        {
          method: METHODS.has(req.method) ? req.method : 'other',
          route: template ?? UNMATCHED,
          status_class: `${Math.floor(res.statusCode / 100)}xx`,
        },
        seconds,
      );
    });
    next();
  };
}

function routeTemplate(baseUrl: string, route: unknown): string | undefined {
  const path = typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? `${baseUrl}${path}` : undefined;
}
