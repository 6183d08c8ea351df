import { z } from './zod.ts';
import { ReportKinds, ReportSections, type ReportKind, type ReportSection } from '../permissions/reports.ts';

/** `GET /api/reviews/:id/report.docx|.pdf?part=…`: which copy of the agreed report (the full report by default). */
export const ReportQuerySchema = z.object({
  /** `briefing`: the improvement champion's briefing pack; `governors`: the host headteacher's chosen sections. */
  part: z.enum(ReportKinds).default('full'),
});
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

/** `PUT /api/reviews/:id/report/governor-sections`: what the governors' version holds, chosen by the host head. */
export const GovernorSectionsSchema = z.strictObject({
  /** At least the findings: a governors' version without them would not be the report. */
  sections: z
    .array(z.enum(ReportSections))
    .max(ReportSections.length)
    .refine((sections) => sections.includes('findings'), {
      message: 'The governors’ version always holds the findings',
    })
    .transform((sections) => ReportSections.filter((s) => sections.includes(s))),
});
export type GovernorSectionsInput = z.infer<typeof GovernorSectionsSchema>;

/** `GET /api/reviews/:id/report`: whether the agreed report can be downloaded, and which copies this person may take. */
export interface ReportStatus {
  /** True once the report is agreed; otherwise `reason` says when it will be. */
  available: boolean;
  reason: string | null;
  /** The agreed version's SHA-256 fingerprint, as people read it. */
  fingerprint: string | null;
  /** The copies this person may download. */
  kinds: ReportKind[];
  governorSections: ReportSection[];
  /** Whether this person may choose the governors' sections (the host headteacher). */
  canChooseGovernorSections: boolean;
}
