import { describe, expect, it } from 'vitest';
import {
  ReviewActions,
  TransitionRules,
  decideTransition,
  nextActionsFor,
  type ReviewFacts,
  ReviewViewerRoles,
} from './lifecycle.ts';
import { AllReviewStates, type ReviewState } from './review-states.ts';

const HOST = 'school-host';

/** A review with everything every guard asks for; each test takes away one thing. */
function complete(state: ReviewState, overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return {
    state,
    pausedFrom: null,
    hostSchoolId: HOST,
    focus: {
      question: 'To what extent does our fluency routine help?',
      rationale: 'Pupils are behind in fluency.',
      subQuestions: ['Consistency?', 'Text match?'],
      outOfScope: ['Individual teacher appraisal'],
    },
    team: [
      { userId: 'hh', role: 'host_headteacher', schoolIds: [HOST] },
      { userId: 'll', role: 'host_link_lead', schoolIds: [HOST] },
      { userId: 'lr', role: 'lead_reviewer', schoolIds: ['school-a'] },
      { userId: 'p1', role: 'peer_reviewer', schoolIds: ['school-b'] },
      { userId: 'p2', role: 'peer_reviewer', schoolIds: ['school-c'] },
      { userId: 'ic', role: 'improvement_champion', schoolIds: ['school-d'] },
    ],
    readiness: {
      consentConfirmed: true,
      optOutListConfirmed: true,
      safeguardingBriefingDone: true,
      devicesTested: true,
    },
    sessions: [
      { kind: 'review_day', activityCount: 3 },
      { kind: 'improvement_workshop', activityCount: 0 },
    ],
    ...overrides,
  };
}

const ALL_ROLES = ReviewViewerRoles;

describe('every transition', () => {
  for (const action of ReviewActions) {
    const rule = TransitionRules[action];
    describe(action, () => {
      it(`is allowed for ${rule.by.length > 0 ? rule.by.join(', ') : 'Crosswalk only'} from ${rule.from.length} state(s)`, () => {
        for (const from of rule.from) {
          const facts = complete(from, from === 'paused' ? { pausedFrom: 'planned' } : {});
          const decision = decideTransition(facts, action, rule.by.length > 0 ? rule.by : 'system');
          expect(decision, `${action} from ${from}`).toEqual({
            ok: true,
            to: rule.to === 'previous' ? 'planned' : rule.to,
          });
        }
      });

      it('is refused for every other role', () => {
        for (const role of ALL_ROLES.filter((r) => !rule.by.includes(r))) {
          const decision = decideTransition(complete(rule.from[0] ?? 'draft'), action, [role]);
          expect(decision.ok, `${role} ${action}`).toBe(false);
          expect(decision.ok ? 'allowed' : decision.kind).toBe('refused');
        }
      });

      it('is a conflict from every other state, with the reason', () => {
        for (const state of AllReviewStates.filter((s) => !rule.from.includes(s))) {
          const decision = decideTransition(complete(state), action, 'system');
          expect(decision).toMatchObject({ ok: false, kind: 'conflict' });
          expect(decision.ok ? '' : decision.reason).toMatch(/cannot/);
        }
      });
    });
  }
});

describe('guards', () => {
  const refused = (facts: ReviewFacts, action: (typeof ReviewActions)[number]) => {
    const decision = decideTransition(facts, action, 'system');
    expect(decision.ok).toBe(false);
    return decision.ok ? '' : decision.reason;
  };

  it('the host head approves the focus only once question, rationale, sub-questions and out-of-scope exist', () => {
    expect(refused(complete('self_review', { focus: null }), 'agree_focus')).toMatch(/enquiry question/);
    const focus = complete('self_review').focus;
    if (!focus) {
      throw new Error('fixture has a focus');
    }
    expect(refused(complete('self_review', { focus: { ...focus, rationale: ' ' } }), 'agree_focus')).toMatch(
      /rationale/,
    );
    expect(refused(complete('self_review', { focus: { ...focus, subQuestions: ['one'] } }), 'agree_focus')).toMatch(
      /two sub-questions/,
    );
    expect(refused(complete('self_review', { focus: { ...focus, outOfScope: [] } }), 'agree_focus')).toMatch(
      /out-of-scope/,
    );
  });

  it('the plan needs one lead reviewer, 2–4 peer reviewers and a review day with activities', () => {
    const team = complete('focus_agreed').team;
    expect(refused(complete('focus_agreed', { team: team.filter((m) => m.role !== 'lead_reviewer') }), 'plan')).toMatch(
      /lead reviewer/,
    );
    expect(refused(complete('focus_agreed', { team: team.filter((m) => m.userId !== 'p2') }), 'plan')).toMatch(
      /2 to 4 peer reviewers \(it has 1\)/,
    );
    const five = [1, 2, 3, 4, 5].map((n) => ({
      userId: `x${n}`,
      role: 'peer_reviewer' as const,
      schoolIds: [`s${n}`],
    }));
    expect(
      refused(complete('focus_agreed', { team: [...team.filter((m) => m.role !== 'peer_reviewer'), ...five] }), 'plan'),
    ).toMatch(/it has 5/);
    expect(refused(complete('focus_agreed', { sessions: [{ kind: 'review_day', activityCount: 0 }] }), 'plan')).toMatch(
      /review day/,
    );
  });

  it('readiness needs every checklist item', () => {
    const readiness = {
      consentConfirmed: true,
      optOutListConfirmed: false,
      safeguardingBriefingDone: true,
      devicesTested: false,
    };
    expect(refused(complete('planned', { readiness }), 'confirm_ready')).toMatch(
      /opt-out list confirmed, devices tested/,
    );
  });

  it('the improvement champion must exist and come from a school not involved in the review', () => {
    const team = complete('report_agreed').team;
    expect(
      refused(
        complete('report_agreed', { team: team.filter((m) => m.role !== 'improvement_champion') }),
        'schedule_workshop',
      ),
    ).toMatch(/needs an improvement champion/);
    const fromReviewerSchool = team.map((m) =>
      m.role === 'improvement_champion' ? { ...m, schoolIds: ['school-b'] } : m,
    );
    expect(refused(complete('report_agreed', { team: fromReviewerSchool }), 'schedule_workshop')).toMatch(
      /not involved/,
    );
    const fromHost = team.map((m) => (m.role === 'improvement_champion' ? { ...m, schoolIds: [HOST] } : m));
    expect(refused(complete('report_agreed', { team: fromHost }), 'schedule_workshop')).toMatch(/not involved/);
    expect(refused(complete('report_agreed', { sessions: [] }), 'schedule_workshop')).toMatch(
      /workshop to the timetable/,
    );
  });

  it('pausing remembers nothing by itself; resuming needs the state it was paused from', () => {
    expect(refused(complete('paused', { pausedFrom: null }), 'resume')).toMatch(/paused/);
    expect(decideTransition(complete('paused', { pausedFrom: 'in_review' }), 'resume', ['lead_reviewer'])).toEqual({
      ok: true,
      to: 'in_review',
    });
  });

  it('nothing leaves closed or cancelled', () => {
    for (const state of ['closed', 'cancelled'] as const) {
      expect(nextActionsFor(complete(state), ALL_ROLES)).toEqual([]);
    }
  });
});

describe('next actions', () => {
  it('tells the host head what is waiting and why it is blocked', () => {
    const next = nextActionsFor(complete('self_review', { focus: null }), ['host_headteacher']);
    expect(next.find((n) => n.action === 'agree_focus')?.blockedBy).toMatch(/enquiry question/);
  });

  it('offers the lead reviewer nothing in draft except pausing', () => {
    expect(nextActionsFor(complete('draft'), ['lead_reviewer']).map((n) => n.action)).toEqual(['pause']);
  });
});
