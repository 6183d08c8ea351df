import {
  LocalAuthorityInputSchema,
  MemberAccessWindowSchema,
  ContentRetentionSchema,
  SafeguardingRetentionSchema,
  PartnershipInputSchema,
  PartnershipSchoolLinkSchema,
  SafeguardingContactsSchema,
  SchoolCreateSchema,
  SchoolImportSchema,
  SchoolInputSchema,
  TrustInputSchema,
} from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { LocalAuthoritiesService } from './local-authorities.service.ts';
import type { PartnershipSetupService } from './partnership-setup.service.ts';
import type { SchoolsService } from './schools.service.ts';
import type { TrustsService } from './trusts.service.ts';

const MemberParams = z.object({ id: z.uuid(), schoolId: z.uuid() });

/** Thin routes for setting up local authorities, partnerships and schools: parse, identify, call the service. */
export function organisationRoutes(deps: {
  auth: AuthService;
  localAuthorities: LocalAuthoritiesService;
  partnershipSetup: PartnershipSetupService;
  schools: SchoolsService;
  trusts: TrustsService;
}): Router {
  const { auth, localAuthorities, partnershipSetup, schools, trusts } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/local-authorities', async (_req, res) => {
    res.json(await localAuthorities.list(await actorOf(res)));
  });

  router.post('/local-authorities', async (req, res) => {
    const actor = await actorOf(res);
    res.status(201).json(await localAuthorities.create(actor, parseBody(LocalAuthorityInputSchema, req)));
  });

  router.put('/local-authorities/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'local authority');
    const actor = await actorOf(res);
    await localAuthorities.update(actor, id, parseBody(LocalAuthorityInputSchema, req));
    res.status(204).end();
  });

  router.get('/trusts', async (_req, res) => {
    res.json(await trusts.list(await actorOf(res)));
  });

  router.post('/trusts', async (req, res) => {
    const actor = await actorOf(res);
    res.status(201).json(await trusts.create(actor, parseBody(TrustInputSchema, req)));
  });

  router.put('/trusts/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'trust');
    const actor = await actorOf(res);
    await trusts.rename(actor, id, parseBody(TrustInputSchema, req));
    res.status(204).end();
  });

  router.post('/partnerships', async (req, res) => {
    const actor = await actorOf(res);
    res.status(201).json(await partnershipSetup.create(actor, parseBody(PartnershipInputSchema, req)));
  });

  router.get('/partnerships/:id/settings', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json(await partnershipSetup.settings(await actorOf(res), id));
  });

  router.put('/partnerships/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await actorOf(res);
    await partnershipSetup.update(actor, id, parseBody(PartnershipInputSchema, req));
    res.status(204).end();
  });

  router.put('/partnerships/:id/access-window', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await actorOf(res);
    await partnershipSetup.setMemberAccessWindow(actor, id, parseBody(MemberAccessWindowSchema, req));
    res.status(204).end();
  });

  router.put('/partnerships/:id/retention', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await actorOf(res);
    await partnershipSetup.setContentRetention(actor, id, parseBody(ContentRetentionSchema, req));
    res.status(204).end();
  });

  router.post('/partnerships/:id/schools', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await actorOf(res);
    res.status(201).json(await partnershipSetup.linkSchool(actor, id, parseBody(PartnershipSchoolLinkSchema, req)));
  });

  router.delete('/partnerships/:id/schools/:schoolId', async (req, res) => {
    const { id, schoolId } = parseParams(MemberParams, req, 'school');
    await partnershipSetup.removeSchool(await actorOf(res), id, schoolId);
    res.status(204).end();
  });

  router.post('/partnerships/:id/schools/import', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await actorOf(res);
    const result = await partnershipSetup.importSchools(actor, id, parseBody(SchoolImportSchema, req));
    res.status(result.confirmed ? 201 : 200).json(result);
  });

  router.post('/schools', async (req, res) => {
    const actor = await actorOf(res);
    res.status(201).json(await schools.create(actor, parseBody(SchoolCreateSchema, req)));
  });

  router.get('/schools/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'school');
    res.json(await schools.view(await actorOf(res), id));
  });

  router.put('/schools/:id', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'school');
    const actor = await actorOf(res);
    await schools.update(actor, id, parseBody(SchoolInputSchema, req));
    res.status(204).end();
  });

  router.put('/schools/:id/safeguarding-contacts', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'school');
    const actor = await actorOf(res);
    res.json(await schools.setContacts(actor, id, parseBody(SafeguardingContactsSchema, req)));
  });

  router.put('/schools/:id/safeguarding-retention', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'school');
    const actor = await actorOf(res);
    await schools.setSafeguardingRetention(actor, id, parseBody(SafeguardingRetentionSchema, req));
    res.status(204).end();
  });

  return router;
}
