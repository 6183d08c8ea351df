import { ErrorId } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import { fromDomainError } from '../http/errors.ts';
import {
  BadCredentials,
  Conflict,
  Invalid,
  InvitationInvalid,
  NotASchoolDay,
  NotFound,
  Refused,
  RotaInfeasible,
  Throttled,
  Unavailable,
  refusalOf,
} from './domain-errors.ts';
import { socketFailure } from './socket-answers.ts';

describe('domain errors as HTTP answers', () => {
  it('keeps the status, id and words each answer had before services threw domain errors', () => {
    const answer = (error: Parameters<typeof fromDomainError>[0]) => {
      const http = fromDomainError(error);
      return { status: http.status, body: http.toBody(), headers: http.headers };
    };
    expect(answer(new NotFound('review'))).toEqual({
      status: 404,
      body: { error: { id: ErrorId.notFound, message: 'That review could not be found.' } },
      headers: {},
    });
    expect(answer(new Refused())).toMatchObject({
      status: 403,
      body: { error: { id: ErrorId.forbidden, message: 'You do not have permission to do that.' } },
    });
    expect(answer(new Conflict('Not now.'))).toMatchObject({
      status: 409,
      body: { error: { id: ErrorId.conflict, message: 'Not now.' } },
    });
    const fields = [{ path: 'userId', message: 'This person is not part of the cluster' }];
    expect(answer(new Invalid('userId: This person is not part of the cluster', fields))).toMatchObject({
      status: 400,
      body: { error: { id: ErrorId.validation, message: 'userId: This person is not part of the cluster', fields } },
    });
    expect(answer(new Invalid('A stage is listed twice.')).body.error).not.toHaveProperty('fields');
    expect(answer(new InvitationInvalid())).toMatchObject({
      status: 404,
      body: { error: { id: ErrorId.invitationInvalid } },
    });
    expect(answer(new BadCredentials())).toMatchObject({
      status: 401,
      body: { error: { id: ErrorId.invalidCredentials } },
    });
    expect(answer(new Throttled(90, 'Please wait 2 minutes and try again.'))).toEqual({
      status: 429,
      body: { error: { id: ErrorId.rateLimited, message: 'Please wait 2 minutes and try again.' } },
      headers: { 'Retry-After': '90' },
    });
    expect(answer(new Unavailable('Boards are not available.'))).toMatchObject({
      status: 503,
      body: { error: { id: ErrorId.internal, message: 'Boards are not available.' } },
    });
    expect(answer(new NotASchoolDay('2026-10-28', 'half_term', 'It is half term.'))).toEqual({
      status: 422,
      body: { error: { id: ErrorId.notASchoolDay, reason: 'half_term', message: 'It is half term.' } },
      headers: {},
    });
    const problem = { rule: 'team_size' as const, schoolId: 's5', message: 'Not enough peer reviewers.' };
    expect(answer(new RotaInfeasible([problem]))).toEqual({
      status: 422,
      body: {
        error: {
          id: ErrorId.rotaInfeasible,
          reason: 'team_size',
          message: 'No rota can keep every rule. Not enough peer reviewers.',
          fields: [{ path: 'schools.s5', message: 'Not enough peer reviewers.' }],
          problems: [problem],
        },
      },
      headers: {},
    });
  });

  it('turns a rule’s refusal into Refused or Conflict with its reason', () => {
    const refused = refusalOf({ ok: false, kind: 'refused', reason: 'Not your role.' });
    expect(refused).toBeInstanceOf(Refused);
    expect(refused.message).toBe('Not your role.');
    expect(refusalOf({ ok: false, kind: 'conflict', reason: 'Not now.' })).toBeInstanceOf(Conflict);
  });
});

describe('domain errors as socket answers', () => {
  it('answers the person’s own refusals in their words, and hides everything else behind the fallback', () => {
    expect(socketFailure(new NotFound('board'), 'Sorry.')).toEqual({
      refused: true,
      kind: 'not_found',
      message: 'That board could not be found.',
    });
    expect(socketFailure(new Refused('Only the facilitator can do that.'), 'Sorry.')).toMatchObject({
      refused: true,
      kind: 'refused',
    });
    expect(socketFailure(new Unavailable('Boards are not available.'), 'Sorry.')).toEqual({
      refused: false,
      message: 'Boards are not available.',
    });
    expect(socketFailure(new Error('connection reset; secret detail'), 'Sorry.')).toEqual({
      refused: false,
      message: 'Sorry.',
    });
  });
});
