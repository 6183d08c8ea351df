import { z } from './zod.ts';
import { DocumentParts } from '../realtime/documents.ts';

/** `GET /api/reviews/:id/versions/compare?from=&to=&part=`: two saved versions and the part to compare. */
export const VersionCompareQuerySchema = z.strictObject({
  from: z.uuid(),
  to: z.uuid(),
  part: z.enum(DocumentParts),
});
export type VersionCompareQuery = z.infer<typeof VersionCompareQuerySchema>;
