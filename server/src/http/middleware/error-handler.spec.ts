import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { matchedRoute } from './error-handler.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const request = (originalUrl: string, route?: string): Pick<Request, 'originalUrl' | 'route'> => ({
  originalUrl,
  route: route === undefined ? undefined : { path: route },
});

describe('the route a refusal is recorded under', () => {
  it('is the route as written under its mount path, with the review it names', () => {
    expect(matchedRoute(request(`/api/reviews/${REVIEW}/sharing?x=1`, '/reviews/:id/sharing'))).toEqual({
      route: '/api/reviews/:id/sharing',
      reviewId: REVIEW,
    });
    expect(matchedRoute(request(`/api/reviews/${REVIEW}/report.docx`, '/reviews/:id/report.docx'))).toEqual({
      route: '/api/reviews/:id/report.docx',
      reviewId: REVIEW,
    });
  });

  it('names no review for routes that are not under one, or whose id is no review id', () => {
    expect(matchedRoute(request(`/api/sessions/${REVIEW}/join`, '/sessions/:id/join'))).toEqual({
      route: '/api/sessions/:id/join',
      reviewId: null,
    });
    expect(matchedRoute(request('/api/reviews/not-an-id/sharing', '/reviews/:id/sharing')).reviewId).toBeNull();
  });

  it('keeps no path when no route matched, since it could carry anything', () => {
    expect(matchedRoute(request('/api/secret-token-here'))).toEqual({ route: null, reviewId: null });
  });
});
