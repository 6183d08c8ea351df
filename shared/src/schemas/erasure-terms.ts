/** Erasure's fixed words and choices, without zod, so pages that only show them stay light. */

/**
 * What happens to the text an erased person wrote in a school's reviews (docs/data-protection.md, "Erasure"):
 * replaced by `ErasedTextPlaceholder`, removed, or kept with only their name taken away.
 */
export const ErasureTextPolicies = ['replace', 'remove', 'keep'] as const;
export type ErasureTextPolicy = (typeof ErasureTextPolicies)[number];

export const ErasureTextPolicyLabel: Record<ErasureTextPolicy, string> = {
  replace: 'Replace their words with “[removed at the person’s request]”',
  remove: 'Remove their words completely',
  keep: 'Keep their words but take their name away',
};

/** What an erased person's words become under the `replace` policy. */
export const ErasedTextPlaceholder = '[removed at the person’s request]';
/** What an erased person's name becomes everywhere, signatures included. */
export const ErasedPersonName = 'A former member of staff';
