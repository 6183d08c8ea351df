import { ErasureTextPolicies } from './erasure-terms.ts';
import { z } from './zod.ts';

/** `POST /api/admin/people/:id/erase`: the person's email address, typed again, as confirmation. */
export const ErasureRequestSchema = z.strictObject({
  confirmEmail: z.string().trim().toLowerCase().min(1).max(320),
});
export type ErasureRequest = z.infer<typeof ErasureRequestSchema>;

/** The answer to an erasure: what was done, in counts (never content). */
export interface ErasureOutcome {
  userId: string;
  documents: number;
  versions: number;
  texts: number;
}

/** `PUT /api/schools/:id/erasure-policy`. */
export const ErasurePolicySchema = z.strictObject({ textPolicy: z.enum(ErasureTextPolicies) });

/** `GET /api/schools/:id/erasure-policy`. */
export interface ErasurePolicyAnswer {
  textPolicy: (typeof ErasureTextPolicies)[number];
  canChange: boolean;
}
