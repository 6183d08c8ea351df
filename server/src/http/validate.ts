import type { Request } from 'express';
import { z } from 'zod';
import { fromZodError, NotFoundError } from './errors.ts';

/** Parses the request body with a schema; throws a 400 naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) {
    throw fromZodError(result.error, 'body');
  }
  return result.data;
}

/**
 * Parses route parameters (ids). An id that is not even well-formed names nothing, so it answers 404 like any
 * unknown id, never 400: callers cannot tell "malformed" from "exists but hidden".
 */
export function parseParams<S extends z.ZodType>(schema: S, req: Request, what = 'page'): z.infer<S> {
  const result = schema.safeParse(req.params);
  if (!result.success) {
    throw NotFoundError(what);
  }
  return result.data;
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.query);
  if (!result.success) {
    throw fromZodError(result.error, 'query');
  }
  return result.data;
}

/** Route parameters of the form `/:id` where the id is a UUID (reviews, sessions, partnerships). */
export const IdParams = z.object({ id: z.uuid() });
