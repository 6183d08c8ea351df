import {
  CandidatesQuerySchema,
  ActivityCreateSchema,
  FocusSchema,
  ReadinessUpdateSchema,
  ReviewCreateSchema,
  SessionCreateSchema,
  SuggestedDaysQuerySchema,
  SessionMoveSchema,
  TeamMemberAddSchema,
  TransitionRequestSchema,
} from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ReviewsService } from './reviews.service.ts';

const SessionParams = z.object({ id: z.uuid(), sessionId: z.uuid() });
const ActivityParams = z.object({ id: z.uuid(), sessionId: z.uuid(), activityId: z.uuid() });
const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

/** Thin routes: parse, identify the person, call the service, answer. Every rule lives in the service and shared/. */
export function reviewRoutes(deps: { reviews: ReviewsService; auth: AuthService; origins: OwnOrigins }): Router {
  const { reviews, auth, origins } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/dashboard', async (_req, res) => {
    res.json(await reviews.dashboard(await actorOf(res)));
  });

  router.get('/reviews', async (_req, res) => {
    res.json({ reviews: await reviews.list(await actorOf(res)) });
  });

  router.post('/reviews', async (req, res) => {
    const actor = await actorOf(res);
    res.status(201).json(await reviews.create(actor, parseBody(ReviewCreateSchema, req)));
  });

  router.get('/reviews/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await reviews.detail(id, await actorOf(res)));
  });

  router.get('/reviews/:id/history', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json({ history: await reviews.history(id, await actorOf(res)) });
  });

  router.post('/reviews/:id/transitions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.json(await reviews.transition(id, actor, parseBody(TransitionRequestSchema, req)));
  });

  router.post('/reviews/:id/team', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.status(201).json(await reviews.addMember(id, actor, parseBody(TeamMemberAddSchema, req)));
  });

  router.get('/reviews/:id/candidates', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const { role } = parseQuery(CandidatesQuerySchema, req);
    res.json({ people: await reviews.candidates(id, await actorOf(res), role) });
  });

  router.delete('/reviews/:id/team/:userId', async (req, res) => {
    const { id, userId } = parseParams(MemberParams, req, 'team member');
    res.json(await reviews.removeMember(id, await actorOf(res), userId));
  });

  router.get('/reviews/:id/focus', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json({ focus: await reviews.focus(id, await actorOf(res)) });
  });

  router.put('/reviews/:id/focus', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.json({ focus: await reviews.setFocus(id, actor, parseBody(FocusSchema, req)) });
  });

  router.patch('/reviews/:id/readiness', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.json(await reviews.setReadiness(id, actor, parseBody(ReadinessUpdateSchema, req)));
  });

  router.get('/reviews/:id/suggested-days', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.json(await reviews.suggestDays(id, actor, parseQuery(SuggestedDaysQuerySchema, req)));
  });

  router.post('/reviews/:id/sessions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.status(201).json(await reviews.addSession(id, actor, parseBody(SessionCreateSchema, req)));
  });

  router.post('/reviews/:id/sessions/:sessionId/activities', async (req, res) => {
    const { id, sessionId } = parseParams(SessionParams, req, 'session');
    const actor = await actorOf(res);
    res.status(201).json(await reviews.addActivity(id, sessionId, actor, parseBody(ActivityCreateSchema, req)));
  });

  router.post('/reviews/:id/sessions/:sessionId/activities/:activityId/end', async (req, res) => {
    const { id, sessionId, activityId } = parseParams(ActivityParams, req, 'activity');
    const actor = await actorOf(res);
    res.json(await reviews.endActivity(id, sessionId, activityId, actor));
  });

  router.patch('/reviews/:id/sessions/:sessionId', async (req, res) => {
    const { id, sessionId } = parseParams(SessionParams, req, 'session');
    const actor = await actorOf(res);
    res.json(await reviews.moveSession(id, sessionId, actor, parseBody(SessionMoveSchema, req)));
  });

  router.delete('/reviews/:id/sessions/:sessionId', async (req, res) => {
    const { id, sessionId } = parseParams(SessionParams, req, 'session');
    res.json(await reviews.cancelSession(id, sessionId, await actorOf(res)));
  });

  router.get('/reviews/:id/sessions/:sessionId/invitation.ics', async (req, res) => {
    const { id, sessionId } = parseParams(SessionParams, req, 'session');
    const invitation = await reviews.invitation(id, sessionId, await actorOf(res), expectedOrigin(req, origins));
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${invitation.filename}"`);
    res.send(invitation.body);
  });

  return router;
}
