import { z } from './zod.ts';
import { EmailSchema } from './auth.ts';
import {
  PartnershipKinds,
  SchoolPhases,
  SppPhases,
  type PartnershipKind,
  type SchoolPhase,
  type SppPhase,
} from '../domain/organisation-terms.ts';

const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `Enter the ${what}` })
    .max(200, { message: `Use at most 200 characters for the ${what}` });
const phone = z
  .string()
  .trim()
  .max(40, { message: 'Use at most 40 characters for the telephone number' })
  .regex(/^[0-9+() -]*$/, { message: 'Use only digits, spaces, brackets, + and - in a telephone number' });
/** An email address, or nothing (an empty string). */
const optionalEmail = z.union([z.literal('').transform(() => null), EmailSchema]).nullable();

/** The unique reference number GIAS gives every establishment: six digits. */
export const UrnSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{6}$/, { message: 'A URN is six digits, as shown on Get Information about Schools' });
/** A local authority's code in GIAS: three digits (e.g. 925). */
export const LocalAuthorityCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{3}$/, { message: 'A local authority code is three digits, e.g. 925' });

/** Creating or changing a local authority (platform administrators). */
export const LocalAuthorityInputSchema = z.strictObject({
  name: name('name of the local authority'),
  code: LocalAuthorityCodeSchema,
  /** The county it belongs to; the authority's own name when left empty. */
  county: z.string().trim().max(200).default(''),
  ladoName: z.string().trim().max(200).default(''),
  ladoEmail: optionalEmail.default(null),
  ladoPhone: phone.default(''),
});
export type LocalAuthorityInput = z.infer<typeof LocalAuthorityInputSchema>;

export interface LocalAuthorityView {
  id: string;
  name: string;
  code: string | null;
  county: string;
  ladoName: string | null;
  ladoEmail: string | null;
  ladoPhone: string | null;
  schoolCount: number;
}

/** Setting up or renaming a multi-academy trust: a name its schools point to, so it can set dates for all of them. */
export const TrustInputSchema = z.strictObject({ name: name('name of the trust') });
export type TrustInput = z.infer<typeof TrustInputSchema>;

export interface TrustView {
  id: string;
  name: string;
  schoolCount: number;
}

/** Creating or changing a partnership or cluster. */
export const PartnershipInputSchema = z.strictObject({
  name: name('name of the partnership'),
  kind: z.enum(PartnershipKinds),
  sppPhase: z.enum(SppPhases).nullable().default(null),
  /** The partnership this cluster belongs to, if any. */
  parentId: z.uuid().nullable().default(null),
});
export type PartnershipInput = z.infer<typeof PartnershipInputSchema>;

/** `GET /api/partnerships/:id/settings`: what the settings page shows and may change. */
export interface PartnershipSettings {
  id: string;
  name: string;
  kind: PartnershipKind;
  sppPhase: SppPhase | null;
  parent: { id: string; name: string } | null;
  clusters: { id: string; name: string }[];
  canEdit: boolean;
  /** Partnerships this one may be placed under by this person (top-level ones they lead, or all for admins). */
  parentChoices: { id: string; name: string }[];
  schools: SchoolSummary[];
  localAuthorities: { id: string; name: string; code: string | null }[];
  /** Months a closed review stays open to its reviewers and improvement champion (the host school keeps it). */
  memberAccessMonths: number;
  /** Months after a review closes until its content is deleted (docs/data-protection.md "Retention"). */
  contentRetentionMonths: number;
}

export interface SchoolSummary {
  id: string;
  name: string;
  phase: SchoolPhase;
  urn: string | null;
  localAuthority: { id: string; name: string; code: string | null } | null;
}

/** Creating or changing a school's details. */
export const SchoolInputSchema = z.strictObject({
  name: name('name of the school'),
  phase: z.enum(SchoolPhases, { message: 'Choose the phase of the school' }),
  localAuthorityId: z.uuid({ message: 'Choose the local authority' }),
  urn: z
    .union([z.literal('').transform(() => null), UrnSchema])
    .nullable()
    .default(null),
  /** The multi-academy trust the school is in (null: none); left out, it stays as it is. */
  trustId: z.uuid({ message: 'Choose a trust from the list' }).nullable().optional(),
});
export type SchoolInput = z.infer<typeof SchoolInputSchema>;

/** Adding a school Crosswalk already knows to a partnership, by its URN. */
export const PartnershipSchoolLinkSchema = z.strictObject({ urn: UrnSchema });
export type PartnershipSchoolLink = z.infer<typeof PartnershipSchoolLinkSchema>;

/** Creating a school: always into a partnership, which it joins at once. */
export const SchoolCreateSchema = SchoolInputSchema.extend({ partnershipId: z.uuid() });
export type SchoolCreate = z.infer<typeof SchoolCreateSchema>;

const contact = z.strictObject({
  name: name('name'),
  email: EmailSchema,
  phone: phone.default(''),
});
export type SafeguardingContact = z.infer<typeof contact>;

/** A school's designated safeguarding lead and deputy; null removes one. */
export const SafeguardingContactsSchema = z.strictObject({
  dsl: contact.nullable(),
  deputyDsl: contact.nullable(),
});
export type SafeguardingContacts = z.infer<typeof SafeguardingContactsSchema>;

/** `GET /api/schools/:id`: a school's details and safeguarding contacts. */
export interface SchoolView extends SchoolSummary {
  /** May change the details (name, phase, local authority, URN). */
  canEdit: boolean;
  /** May change the safeguarding contacts. */
  canEditContacts: boolean;
  /** May change how long records of safeguarding concerns are kept (the school's headteacher). */
  canEditSafeguardingRetention: boolean;
  partnerships: { id: string; name: string }[];
  contacts: SafeguardingContacts;
  /** Whether the school's local authority has a designated officer's email address recorded. */
  ladoRecorded: boolean;
  /** Months a record of a safeguarding concern is kept after it was raised; null: kept until the school decides. */
  safeguardingRetentionMonths: number | null;
  localAuthorities: { id: string; name: string; code: string | null }[];
  /** The multi-academy trust it is in, if any (its dates overlay the local authority's). */
  trust: { id: string; name: string } | null;
  /** Trusts to choose from, for those who may change the details. */
  trusts: { id: string; name: string }[];
  /** May set up a new trust (administrators and partnership leads). */
  canCreateTrust: boolean;
}

/** `POST /api/partnerships/:id/schools/import`: the CSV's text; without `confirm` nothing is stored (a preview). */
export const SchoolImportSchema = z.strictObject({
  content: z.string().min(1, { message: 'The file is empty' }),
  confirm: z.boolean().default(false),
});
export type SchoolImport = z.infer<typeof SchoolImportSchema>;

/** What an import will do (preview) or did (confirmed), school by school. */
export interface SchoolImportResult {
  confirmed: boolean;
  /** New to Crosswalk: created and added. */
  created: { line: number; urn: string; name: string; phase: SchoolPhase; localAuthority: string }[];
  /** Already in Crosswalk: added to the partnership. */
  linked: { line: number; urn: string; name: string }[];
  /** Already in the partnership: nothing to do. */
  alreadyMembers: { line: number; urn: string; name: string }[];
}
