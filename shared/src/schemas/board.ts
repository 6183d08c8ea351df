import { Terms } from '../rota/year.ts';
import { AcademicYearSchema } from '../rota/schemas.ts';
import { z } from './zod.ts';

/**
 * `GET /api/partnerships/:id/board?year=2025-26&term=autumn` (and `board.csv`): the year (this academic year when
 * left out) and optionally one term. `schoolId` and `by` are recognised only to be refused with the reason
 * (403): the board view has no per-school figures.
 */
export const BoardQuerySchema = z.strictObject({
  year: AcademicYearSchema.optional(),
  term: z.enum(Terms, { message: 'Choose the autumn, spring or summer term, or leave the term out' }).optional(),
  schoolId: z.string().max(100).optional(),
  by: z.string().max(100).optional(),
});
export type BoardQuery = z.infer<typeof BoardQuerySchema>;
