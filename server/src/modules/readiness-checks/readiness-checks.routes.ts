import { CheckResultsSchema, CheckTokenSchema } from '@crosswalk/shared';
import express, { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { CHECK_UPLOAD_MAX_BYTES, type ReadinessChecksService } from './readiness-checks.service.ts';

/** The header the check's timing requests carry their link's secret in (never the address: it is logged). */
export const CHECK_TOKEN_HEADER = 'x-crosswalk-check';

/**
 * The timed download and upload of the set-up check: binary bodies, so mounted before the JSON-only rule (after
 * the CSRF check). A request without a working link is refused before any byte is read or sent.
 */
export function checkTransferRoutes(deps: { checks: ReadinessChecksService }): Router {
  const { checks } = deps;
  const router = Router();
  const withLink: express.RequestHandler = async (req, _res, next) => {
    const parsed = CheckTokenSchema.safeParse({ token: req.get(CHECK_TOKEN_HEADER) ?? '' });
    await checks.transfer(parsed.success ? parsed.data.token : 'no-link');
    next();
  };
  router.get('/checks/download', withLink, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.type('application/octet-stream').send(checks.downloadBytes());
  });
  router.post(
    '/checks/upload',
    withLink,
    express.raw({ type: 'application/octet-stream', limit: CHECK_UPLOAD_MAX_BYTES }),
    (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ bytes: Buffer.isBuffer(req.body) ? req.body.length : 0 });
    },
  );
  return router;
}

/** Thin routes: parse, identify the person or the link, call the service, answer. */
export function readinessCheckRoutes(deps: { checks: ReadinessChecksService; auth: AuthService }): Router {
  const { checks, auth } = deps;
  const router = Router();

  router.post('/checks/open', async (req, res) => {
    res.json(await checks.open(parseBody(CheckTokenSchema, req).token));
  });

  router.post('/checks/results', async (req, res) => {
    res.status(201).json(await checks.record(parseBody(CheckResultsSchema, req)));
  });

  router.get('/reviews/:id/check', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const me = requireAuth(res);
    const actor = await auth.actorFor(me);
    res.json(await checks.openSignedIn(id, { ...actor, displayName: me.user.displayName }));
  });

  router.get('/reviews/:id/checks', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await checks.summary(id, await auth.actorFor(requireAuth(res))));
  });

  router.post('/reviews/:id/checks/links', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await checks.sendLinks(id, await auth.actorFor(requireAuth(res))));
  });

  return router;
}
