import type { Request } from 'express';
import type { z } from 'zod';
import { fromZodError } from './errors.ts';

/** Parses the request body with a schema; throws a 400 naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) {
    throw fromZodError(result.error, 'body');
  }
  return result.data;
}

/** Parses route parameters with a schema; a bad id reads as "not found" to the caller's handler. */
export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const result = schema.safeParse(req.params);
  if (!result.success) {
    throw fromZodError(result.error, 'params');
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
