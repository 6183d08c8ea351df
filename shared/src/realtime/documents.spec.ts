import { describe, expect, it } from 'vitest';
import { documentName, parseDocumentName } from './documents.ts';

describe('document names', () => {
  const review = '6b1d0000-0000-4000-8000-000000000201';

  it('round-trips', () => {
    expect(parseDocumentName(documentName(review, 'evidence'))).toEqual({ reviewId: review, part: 'evidence' });
  });

  it('rejects anything else', () => {
    for (const name of [
      '',
      review,
      `${review}.unknown`,
      `${review}.evidence.x`,
      `../${review}.evidence`,
      `${review.toUpperCase()}.evidence`,
    ]) {
      expect(parseDocumentName(name), name).toBeNull();
    }
  });
});
