import type { PartnershipRole, SchoolRole } from '@crosswalk/shared';

/**
 * The demo data set: a fictional cross-regional virtual cluster reviewing the invented host school Fenbrook
 * Primary. Real school names appear only as reviewers' home schools; nothing here describes those schools.
 * People are role handles, not real individuals. Every account's password is DEMO_PASSWORD.
 */
export const DEMO_PASSWORD = 'crosswalk-demo';

export const demoPartnership = {
  id: '6b1d0000-0000-4000-8000-000000000001',
  name: 'Five Counties Virtual Review Cluster',
  kind: 'cross_regional_virtual',
} as const;

export interface DemoSchool {
  id: string;
  name: string;
  phase: 'primary';
  county: string;
  localAuthority: string;
}

/**
 * The demo's local authorities: their Get Information about Schools code (the real three-digit codes, so a GIAS
 * export of these authorities links to them) and a fictional designated officer (LADO). Telephone numbers are in
 * Ofcom's range reserved for drama, so none rings anyone.
 */
export const demoLocalAuthorities: Record<
  string,
  { code: string; ladoName: string; ladoEmail: string; ladoPhone: string }
> = {
  Hertfordshire: {
    code: '919',
    ladoName: 'Hertfordshire LADO (duty officer)',
    ladoEmail: 'lado@hertfordshire.demo',
    ladoPhone: '01632 960101',
  },
  Essex: {
    code: '881',
    ladoName: 'Essex LADO (duty officer)',
    ladoEmail: 'lado@essex.demo',
    ladoPhone: '01632 960102',
  },
  Nottinghamshire: {
    code: '891',
    ladoName: 'Nottinghamshire LADO (duty officer)',
    ladoEmail: 'lado@nottinghamshire.demo',
    ladoPhone: '01632 960103',
  },
  Plymouth: {
    code: '879',
    ladoName: 'Plymouth LADO (duty officer)',
    ladoEmail: 'lado@plymouth.demo',
    ladoPhone: '01632 960104',
  },
  Lincolnshire: {
    code: '925',
    ladoName: 'Lincolnshire LADO (duty officer)',
    ladoEmail: 'lado@lincolnshire.demo',
    ladoPhone: '01632 960105',
  },
  'North Yorkshire': {
    code: '815',
    ladoName: 'North Yorkshire LADO (duty officer)',
    ladoEmail: 'lado@northyorkshire.demo',
    ladoPhone: '01632 960106',
  },
};

export const demoSchools = [
  {
    id: '6b1d0000-0000-4000-8000-000000000101',
    name: 'Summercroft Primary',
    phase: 'primary',
    county: 'Hertfordshire',
    localAuthority: 'Hertfordshire',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000102',
    name: 'Little Waltham CE Primary',
    phase: 'primary',
    county: 'Essex',
    localAuthority: 'Essex',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000103',
    name: 'Hempshill Primary',
    phase: 'primary',
    county: 'Nottinghamshire',
    localAuthority: 'Nottinghamshire',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000104',
    name: 'Prince Rock Primary',
    phase: 'primary',
    county: 'Devon',
    localAuthority: 'Plymouth',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000105',
    name: 'Fenbrook Primary',
    phase: 'primary',
    county: 'Lincolnshire',
    localAuthority: 'Lincolnshire',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000106',
    name: 'Northgate Primary',
    phase: 'primary',
    county: 'North Yorkshire',
    localAuthority: 'North Yorkshire',
  },
] as const satisfies readonly DemoSchool[];

type DemoSchoolName = (typeof demoSchools)[number]['name'];

export interface DemoPerson {
  email: string;
  displayName: string;
  isAdmin?: boolean;
  school?: { name: DemoSchoolName; role: SchoolRole };
  partnershipRoles: PartnershipRole[];
  /** Designated safeguarding lead of their school. */
  isDsl?: boolean;
}

/** Exactly the accounts listed in the stable contracts (tests check every one of them, so it stays that list). */
export const demoPeople: DemoPerson[] = [
  { email: 'admin@crosswalk.demo', displayName: 'Crosswalk Administrator', isAdmin: true, partnershipRoles: [] },
  {
    email: 'partnership.lead@crosswalk.demo',
    displayName: 'Partnership Lead (Essex coordinator)',
    partnershipRoles: ['partnership_lead'],
  },
  {
    email: 'host.head@fenbrook.demo',
    displayName: 'Headteacher (Fenbrook)',
    school: { name: 'Fenbrook Primary', role: 'headteacher' },
    partnershipRoles: [],
  },
  {
    email: 'link.lead@fenbrook.demo',
    displayName: 'Deputy Head and Link Lead (Fenbrook)',
    school: { name: 'Fenbrook Primary', role: 'senior_leader' },
    partnershipRoles: [],
    isDsl: true,
  },
  {
    email: 'lead.reviewer@summercroft.demo',
    displayName: 'Lead Reviewer (Summercroft)',
    school: { name: 'Summercroft Primary', role: 'senior_leader' },
    partnershipRoles: ['peer_reviewer', 'lead_reviewer'],
  },
  {
    email: 'reviewer@hempshill.demo',
    displayName: 'Peer Reviewer (Hempshill)',
    school: { name: 'Hempshill Primary', role: 'headteacher' },
    partnershipRoles: ['peer_reviewer'],
  },
  {
    email: 'reviewer@princerock.demo',
    displayName: 'Peer Reviewer (Prince Rock)',
    school: { name: 'Prince Rock Primary', role: 'senior_leader' },
    partnershipRoles: ['peer_reviewer'],
  },
  {
    email: 'champion@littlewaltham.demo',
    displayName: 'Improvement Champion (Little Waltham)',
    school: { name: 'Little Waltham CE Primary', role: 'senior_leader' },
    partnershipRoles: ['improvement_champion'],
  },
  {
    email: 'head@northgate.demo',
    displayName: 'Headteacher (Northgate)',
    school: { name: 'Northgate Primary', role: 'headteacher' },
    partnershipRoles: ['peer_reviewer'],
  },
];

/**
 * The other people of the cluster's year (docs/domain.md g.1): Fenbrook's English lead and teaching assistant, the
 * SPP associate, the headteachers of the schools that had none, and enough trained reviewers for every school to
 * host a review under the rota's rules (a lead reviewer from another local authority, a champion from a school with
 * no part in it).
 */
export const demoYearPeople: DemoPerson[] = [
  {
    email: 'english.lead@fenbrook.demo',
    displayName: 'English Lead (Fenbrook)',
    school: { name: 'Fenbrook Primary', role: 'teacher' },
    partnershipRoles: [],
  },
  {
    email: 'ta@fenbrook.demo',
    displayName: 'Teaching Assistant (Fenbrook)',
    school: { name: 'Fenbrook Primary', role: 'support_staff' },
    partnershipRoles: [],
  },
  { email: 'associate@crosswalk.demo', displayName: 'SPP Associate', partnershipRoles: ['facilitator'] },
  {
    email: 'head@summercroft.demo',
    displayName: 'Headteacher (Summercroft)',
    school: { name: 'Summercroft Primary', role: 'headteacher' },
    partnershipRoles: ['peer_reviewer', 'improvement_champion'],
  },
  {
    email: 'head@littlewaltham.demo',
    displayName: 'Headteacher (Little Waltham)',
    school: { name: 'Little Waltham CE Primary', role: 'headteacher' },
    partnershipRoles: ['peer_reviewer', 'lead_reviewer'],
  },
  {
    email: 'head@princerock.demo',
    displayName: 'Headteacher (Prince Rock)',
    school: { name: 'Prince Rock Primary', role: 'headteacher' },
    partnershipRoles: ['peer_reviewer', 'lead_reviewer', 'improvement_champion'],
  },
  {
    email: 'deputy@northgate.demo',
    displayName: 'Deputy Head (Northgate)',
    school: { name: 'Northgate Primary', role: 'senior_leader' },
    partnershipRoles: ['peer_reviewer', 'lead_reviewer', 'improvement_champion'],
  },
];

/** Every demo account: the contract's and the year's. */
export const allDemoPeople: DemoPerson[] = [...demoPeople, ...demoYearPeople];

/** The school a demo account works at (by email), for placing reviews on days its school is open. */
export function demoSchoolOf(email: string): DemoSchool | undefined {
  const name = allDemoPeople.find((p) => p.email === email)?.school?.name;
  return demoSchools.find((s) => s.name === name);
}

/**
 * Each school's designated safeguarding lead and deputy as recorded for the school: Fenbrook's link lead (its DSL)
 * with the English lead as deputy, and the headteacher of every other school.
 */
export const demoSafeguardingContacts: {
  school: DemoSchoolName;
  role: 'dsl' | 'deputy_dsl';
  email: string;
  phone: string;
}[] = [
  { school: 'Fenbrook Primary', role: 'dsl', email: 'link.lead@fenbrook.demo', phone: '01632 960205' },
  { school: 'Fenbrook Primary', role: 'deputy_dsl', email: 'english.lead@fenbrook.demo', phone: '01632 960205' },
  { school: 'Summercroft Primary', role: 'dsl', email: 'head@summercroft.demo', phone: '01632 960201' },
  { school: 'Little Waltham CE Primary', role: 'dsl', email: 'head@littlewaltham.demo', phone: '01632 960202' },
  { school: 'Hempshill Primary', role: 'dsl', email: 'reviewer@hempshill.demo', phone: '01632 960203' },
  { school: 'Prince Rock Primary', role: 'dsl', email: 'head@princerock.demo', phone: '01632 960204' },
  { school: 'Northgate Primary', role: 'dsl', email: 'head@northgate.demo', phone: '01632 960206' },
];
