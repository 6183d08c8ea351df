import {
  CalendarEventInputSchema,
  CalendarImportSchema,
  CalendarScopes,
  SchoolDayTimesSchema,
  addDays,
  isCalendarDay,
  londonDay,
} from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { CalendarsService } from './calendars.service.ts';

const LayerParams = z.object({ scope: z.enum(CalendarScopes), id: z.uuid() });
const EventParams = LayerParams.extend({ eventId: z.uuid() });
const day = z.string().refine(isCalendarDay, { message: 'Use a date like 2026-11-23' });
/** At most a little over a year at a time: the answer lists each weekday off. */
const RangeQuery = z
  .object({ from: day.optional(), to: day.optional() })
  .transform((q) => {
    const from = q.from ?? londonDay(new Date());
    return { from, to: q.to ?? addDays(from, 365) };
  })
  .refine((q) => q.to >= q.from && q.to <= addDays(q.from, 400), {
    message: 'Ask for at most 400 days, the last not before the first',
    path: ['to'],
  });

/** Thin routes for calendars: parse, identify the person, call the service. */
export function calendarRoutes(deps: { calendars: CalendarsService; auth: AuthService }): Router {
  const { calendars, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/schools/:id/calendar', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'school calendar');
    const actor = await actorOf(res);
    const { from, to } = parseQuery(RangeQuery, req);
    res.json(await calendars.schoolCalendar(id, actor, from, to));
  });

  router.put('/schools/:id/day-times', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'school calendar');
    const actor = await actorOf(res);
    res.json(await calendars.setDayTimes(id, actor, parseBody(SchoolDayTimesSchema, req)));
  });

  router.get('/calendars/:scope/:id', async (req, res) => {
    const { scope, id } = parseParams(LayerParams, req, 'calendar');
    res.json(await calendars.layer(scope, id, await actorOf(res)));
  });

  router.post('/calendars/:scope/:id/events', async (req, res) => {
    const { scope, id } = parseParams(LayerParams, req, 'calendar');
    const actor = await actorOf(res);
    res.status(201).json(await calendars.addEvent(scope, id, actor, parseBody(CalendarEventInputSchema, req)));
  });

  router.delete('/calendars/:scope/:id/events/:eventId', async (req, res) => {
    const { scope, id, eventId } = parseParams(EventParams, req, 'calendar entry');
    await calendars.removeEvent(scope, id, await actorOf(res), eventId);
    res.status(204).end();
  });

  router.post('/calendars/:scope/:id/import', async (req, res) => {
    const { scope, id } = parseParams(LayerParams, req, 'calendar');
    const actor = await actorOf(res);
    res.status(201).json(await calendars.import(scope, id, actor, parseBody(CalendarImportSchema, req)));
  });

  return router;
}
