import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { RequestHandler } from 'express';

/**
 * Where the request or socket message being handled came from, kept for the whole of its asynchronous work so the
 * audit log can record it without every service passing it along. Set by one Express middleware and by the socket
 * handler idiom; read by `AuditRepository.record`.
 */
export interface RequestContext {
  /** The client's IP address (through a trusted proxy when TRUST_PROXY is set), or null when unknown. */
  from: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the work in progress, if it started from a request or a socket message. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` with `context` as the current request's. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** An IP address as PostgreSQL's `inet` reads it, or null for anything else. */
export function addressOrNull(value: string | undefined | null): string | null {
  return value !== undefined && value !== null && isIP(value) !== 0 ? value : null;
}

/**
 * Every HTTP request's context, from `req.ip`: Express has already applied the app's `trust proxy` setting, so a
 * forwarded address counts only behind a proxy the configuration trusts.
 */
export function requestContext(): RequestHandler {
  return (req, _res, next) => {
    withRequestContext({ from: addressOrNull(req.ip) }, next);
  };
}

/**
 * The address of a WebSocket upgrade or socket.io handshake, judged as `req.ip` judges HTTP requests: with
 * TRUST_PROXY (trust every hop), the left-most X-Forwarded-For address; without it, the socket's peer.
 */
export function upgradeAddress(request: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy
    ? String(request.headers['x-forwarded-for'] ?? '')
        .split(',')[0]
        ?.trim()
    : undefined;
  return addressOrNull(forwarded !== undefined && forwarded !== '' ? forwarded : request.socket.remoteAddress);
}
