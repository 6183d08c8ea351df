import { AccountSearchSchema, AuditQuerySchema, StaffRoleChangeSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { sendCsv } from '../../http/csv-file.ts';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { PeopleService } from './people.service.ts';

const StaffMemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export function peopleRoutes(deps: { people: PeopleService; auth: AuthService }): Router {
  const { people, auth } = deps;
  const router = Router();

  router.get('/schools/:id/staff', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'school');
    res.json(await people.staff(id, actor));
  });

  router.patch('/schools/:id/staff/:userId', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id, userId } = parseParams(StaffMemberParams, req, 'member of staff');
    const { role } = parseBody(StaffRoleChangeSchema, req);
    res.json(await people.changeRole(id, userId, role, actor));
  });

  router.delete('/schools/:id/staff/:userId', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id, userId } = parseParams(StaffMemberParams, req, 'member of staff');
    res.json(await people.removeFromSchool(id, userId, actor));
  });

  router.post('/people/:id/deactivate', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'person');
    await people.deactivate(id, actor);
    res.status(204).end();
  });

  router.post('/people/:id/reactivate', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'person');
    await people.reactivate(id, actor);
    res.status(204).end();
  });

  router.get('/admin/people', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await people.accounts(parseQuery(AccountSearchSchema, req), actor));
  });

  router.get('/admin/audit', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await people.audit(parseQuery(AuditQuerySchema, req), actor));
  });

  router.get('/admin/audit.csv', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    sendCsv(res, await people.auditCsv(parseQuery(AuditQuerySchema, req), actor));
  });

  return router;
}
