import { DomainError, type DomainErrorKind } from './domain-errors.ts';

/**
 * How a socket handler answers a failed request (`{ ok: false, message }`): a refusal the person caused (not found,
 * not allowed, not now, …) is answered with its own words and logged as a warning; anything else is our fault,
 * logged as an error and answered with `fallback` unless the error is one whose words are safe to show.
 */
export type SocketFailure =
  { refused: true; kind: DomainErrorKind; message: string } | { refused: false; message: string };

export function socketFailure(error: unknown, fallback: string): SocketFailure {
  if (error instanceof DomainError && error.kind !== 'unavailable') {
    return { refused: true, kind: error.kind, message: error.message };
  }
  return { refused: false, message: error instanceof DomainError ? error.message : fallback };
}
