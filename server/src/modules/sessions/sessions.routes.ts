import express, { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, UnauthenticatedError } from '../../http/errors.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { MediaProvider } from './media-provider.ts';
import type { SessionsService } from './sessions.service.ts';

const AdmitSchema = z.strictObject({ userId: z.uuid() });
const ConcernSchema = z.strictObject({
  /** True when the concern is about the host headteacher: it then goes to the local authority's LADO. */
  aboutHeadteacher: z.boolean().default(false),
});

export function sessionRoutes(deps: { sessions: SessionsService; auth: AuthService }): Router {
  const { sessions, auth } = deps;
  const router = Router();
  const actorOf = async (res: express.Response) => auth.actorFor(requireAuth(res));

  router.get('/sessions/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'session');
    res.json(await sessions.info(id, await actorOf(res)));
  });

  router.get('/sessions/:id/media', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'session');
    const me = requireAuth(res);
    const actor = await auth.actorFor(me);
    res.json(await sessions.media(id, { ...actor, displayName: me.user.displayName }));
  });

  router.post('/sessions/:id/admissions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'session');
    const actor = await actorOf(res);
    await sessions.admit(id, actor, parseBody(AdmitSchema, req).userId);
    res.status(204).end();
  });

  router.post('/sessions/:id/safeguarding-concerns', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'session');
    const actor = await actorOf(res);
    res.status(201).json(await sessions.raiseConcern(id, actor, parseBody(ConcernSchema, req).aboutHeadteacher));
  });

  router.get('/reviews/:id/attendance', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json({ attendance: await sessions.attendance(id, await actorOf(res)) });
  });

  return router;
}

/**
 * LiveKit's webhook: mounted before the JSON parser and the CSRF check (LiveKit is not a browser), verified
 * against the raw body and the signed Authorization header instead. Keeps attendance for the LiveKit path.
 */
export function livekitWebhookRoute(deps: {
  media: MediaProvider;
  sessions: SessionsService;
  logger: Logger;
  /** The session a LiveKit room counts towards (a workshop breakout room's parent session); default: itself. */
  sessionOfRoom?: (roomName: string) => Promise<string>;
}): Router {
  const router = Router();
  router.post('/livekit/webhook', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    if (deps.media.kind !== 'livekit') {
      throw ForbiddenError('LiveKit is not configured.');
    }
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let event;
    try {
      event = await deps.media.receiveWebhook(body, req.get('authorization'));
    } catch {
      throw UnauthenticatedError();
    }
    const roomName = event.room?.name;
    const userId = event.participant?.identity;
    if (roomName && userId && z.uuid().safeParse(roomName).success && z.uuid().safeParse(userId).success) {
      const sessionId = deps.sessionOfRoom ? await deps.sessionOfRoom(roomName) : roomName;
      if (event.event === 'participant_joined') {
        await deps.sessions.recordJoin(sessionId, userId);
      } else if (event.event === 'participant_left') {
        await deps.sessions.recordLeave(sessionId, userId);
      }
    }
    deps.logger.info({ event: event.event, sessionId: roomName }, 'LiveKit webhook');
    res.status(204).end();
  });
  return router;
}
