import { describe, expect, it } from 'vitest';
import { AllReviewStates as ReviewStates } from '../domain/review-states.ts';
import { decideSuggest, decideSuggestionDecision } from './suggestions.ts';

const others = [
  'lead_reviewer',
  'peer_reviewer',
  'host_link_lead',
  'host_staff',
  'improvement_champion',
  'partnership_lead',
  'cluster_member',
] as const;

describe('proposing a correction of fact', () => {
  it('is the host headteacher’s, at feedback_given, on findings, attendees and the host response', () => {
    expect(decideSuggest(['host_headteacher'], 'feedback_given')).toEqual({ ok: true });
    expect(decideSuggest(['host_headteacher'], 'feedback_given', { kind: 'finding', findingId: 'f1' })).toEqual({
      ok: true,
    });
    for (const field of ['attendees', 'hostResponse']) {
      expect(decideSuggest(['host_headteacher'], 'feedback_given', { kind: 'feedback', field })).toEqual({ ok: true });
    }
  });

  it('refuses everyone else, whatever the state', () => {
    for (const role of others) {
      expect(decideSuggest([role], 'feedback_given')).toMatchObject({ ok: false, kind: 'refused' });
    }
    expect(decideSuggest([], 'feedback_given')).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('refuses the record of corrections and anything else as a target', () => {
    for (const field of ['corrections', 'date', 'evidence']) {
      expect(decideSuggest(['host_headteacher'], 'feedback_given', { kind: 'feedback', field })).toMatchObject({
        ok: false,
        kind: 'refused',
      });
    }
  });

  it('is not now in every other state', () => {
    for (const state of ReviewStates.filter((s) => s !== 'feedback_given')) {
      expect(decideSuggest(['host_headteacher'], state)).toMatchObject({ ok: false, kind: 'conflict' });
    }
  });
});

describe('deciding on a correction', () => {
  it('is the lead reviewer’s, at feedback_given only', () => {
    expect(decideSuggestionDecision(['lead_reviewer'], 'feedback_given')).toEqual({ ok: true });
    for (const state of ReviewStates.filter((s) => s !== 'feedback_given')) {
      expect(decideSuggestionDecision(['lead_reviewer'], state)).toMatchObject({ ok: false, kind: 'conflict' });
    }
  });

  it('refuses the host headteacher and everyone else', () => {
    for (const role of [...others.filter((r) => r !== 'lead_reviewer'), 'host_headteacher'] as const) {
      expect(decideSuggestionDecision([role], 'feedback_given')).toMatchObject({ ok: false, kind: 'refused' });
    }
  });
});
