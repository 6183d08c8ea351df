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

/** Exactly the accounts listed in the stable contracts. */
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
