/** A school's phase as Crosswalk records it (GIAS phases are mapped onto these, docs/domain.md a). */
export const SchoolPhases = [
  'nursery',
  'primary',
  'secondary',
  'all_through',
  'special',
  'alternative_provision',
] as const;
export type SchoolPhase = (typeof SchoolPhases)[number];

export const PartnershipKinds = ['local', 'cross_regional_virtual'] as const;
export type PartnershipKind = (typeof PartnershipKinds)[number];

export const SppPhases = ['build', 'embed', 'sustain'] as const;
export type SppPhase = (typeof SppPhases)[number];
