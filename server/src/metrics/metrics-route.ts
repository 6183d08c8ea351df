import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { decideMetricsAccess, type MetricsAccessPolicy } from './access.ts';

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` in Prometheus' text format, for a request `decideMetricsAccess` allows. Any other request passes
 * on untouched, so it meets whatever an unknown address meets (a 404, with the same headers and body): nothing
 * tells a stranger the route exists. Refusals are logged with their reason and the TCP peer, never the token.
 */
export function metricsRoute(options: {
  policy: MetricsAccessPolicy;
  registry: Registry;
  logger: Logger;
}): RequestHandler {
  const { policy, registry, logger } = options;
  return (req, res, next) => {
    if (req.path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    const access = decideMetricsAccess(policy, req);
    if (!access.allowed) {
      logger.warn({ reason: access.reason, peer: req.socket.remoteAddress }, 'metrics request refused');
      next();
      return;
    }
    registry.metrics().then(
      (text) => {
        res.setHeader('Content-Type', registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        next(error);
      },
    );
  };
}
