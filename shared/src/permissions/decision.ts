/**
 * Why a rule said no: `refused` when the person's role does not allow it (whatever the moment), `conflict` when
 * it is allowed but not in the state things are in now. The server turns each into its own answer.
 */
export type RefusalKind = 'refused' | 'conflict';

export interface Refusal {
  ok: false;
  kind: RefusalKind;
  reason: string;
}
