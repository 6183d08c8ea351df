/**
 * Stable error ids sent in every API error body (`{ error: { id, message } }`).
 * Clients branch on the id, never on the human message.
 */
export const ErrorId = {
  validation: 'validation_failed',
  malformedJson: 'malformed_json',
  payloadTooLarge: 'payload_too_large',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  forbidden: 'forbidden',
  csrf: 'csrf_origin_mismatch',
  notFound: 'not_found',
  conflict: 'conflict',
  rateLimited: 'rate_limited',
  invitationInvalid: 'invitation_invalid',
  resetLinkInvalid: 'reset_link_invalid',
  checkLinkInvalid: 'check_link_invalid',
  unsupportedMediaType: 'unsupported_media_type',
  notASchoolDay: 'not_a_school_day',
  rotaInfeasible: 'rota_infeasible',
  internal: 'internal_error',
} as const;

export type ErrorId = (typeof ErrorId)[keyof typeof ErrorId];

/** The JSON body of every error answer from the API. */
export interface ApiErrorBody {
  error: {
    id: ErrorId;
    message: string;
    /** Present on validation errors: which fields were wrong and why. */
    fields?: { path: string; message: string }[];
    /**
     * Present on `not_a_school_day`: weekend, bank_holiday, half_term, holiday, inset_day or closure; on
     * `rota_infeasible`: the first rule that cannot be kept.
     */
    reason?: string;
    /** Present on `rota_infeasible`: each rule that cannot be kept, and the school it fails for. */
    problems?: { rule: string; schoolId: string; message: string }[];
    /** Present on internal errors, so a person can quote it to support. */
    correlationId?: string;
  };
}
