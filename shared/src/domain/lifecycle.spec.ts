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
      { kind: 'review_day', activityCount: 3, day: '2026-11-23', schoolDay: true },
      { kind: 'improvement_workshop', activityCount: 0 },
    ],
    selfReviewSubmitted: true,
    today: '2026-11-23',
    signedOff: { leadReviewer: true, hostHeadteacher: false },
    pendingCorrections: 0,
    document: {
      selfReviewGaps: [],
      findings: [{ label: 'S01', evidenceCount: 2 }],
      feedback: { date: '2026-11-24', attendees: 'Headteacher, review team' },
      actions: [
        {
          id: 'a1',
          label: 'A01',
          ownerRole: 'English lead',
          startsOn: '2027-01-05',
          dueOn: '2027-04-01',
          successCriteria: 'Every class teaches the routine daily',
        },
      ],
    },
    impact: { actions: [{ id: 'a1', label: 'A01' }], recorded: [{ day: '2027-04-02', rated: ['a1'] }] },
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
          // Submitting the self-review is the one step that needs it not yet submitted.
          if (action === 'submit_self_review') {
            facts.selfReviewSubmitted = false;
          }
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

  it('the host head submits the self-review once, when every framework theme has text; the focus waits for it', () => {
    const document = complete('self_review').document;
    if (!document) {
      throw new Error('fixture has a document');
    }
    const gaps = { ...document, selfReviewGaps: ['Looking Inward', 'Looking Outward'] };
    const draft = { selfReviewSubmitted: false };
    expect(refused(complete('self_review', { ...draft, document: gaps }), 'submit_self_review')).toBe(
      'Write the self-review under every framework theme before submitting it (still empty: Looking Inward, Looking Outward).',
    );
    expect(refused(complete('self_review', { ...draft, document: null }), 'submit_self_review')).toMatch(/cannot read/);
    expect(decideTransition(complete('self_review', draft), 'submit_self_review', ['host_headteacher'])).toEqual({
      ok: true,
      to: 'self_review',
    });
    expect(refused(complete('self_review', { selfReviewSubmitted: true }), 'submit_self_review')).toMatch(
      /submitted already/,
    );
    expect(refused(complete('self_review', { selfReviewSubmitted: false }), 'agree_focus')).toMatch(
      /has not submitted the self-review/,
    );
    expect(
      decideTransition(complete('self_review', { selfReviewSubmitted: true }), 'agree_focus', ['host_headteacher']),
    ).toEqual({ ok: true, to: 'focus_agreed' });
  });

  it('the focus has at most five sub-questions', () => {
    const focus = complete('self_review').focus;
    if (!focus) {
      throw new Error('fixture has a focus');
    }
    const six = { ...focus, subQuestions: ['1', '2', '3', '4', '5', '6'] };
    expect(refused(complete('self_review', { selfReviewSubmitted: true, focus: six }), 'agree_focus')).toMatch(
      /at most five sub-questions \(it has 6\)/,
    );
  });

  it('the plan needs a review day on a day the host school is open', () => {
    const offDay = [{ kind: 'review_day' as const, activityCount: 3, day: '2026-12-25', schoolDay: false }];
    expect(refused(complete('focus_agreed', { sessions: offDay }), 'plan')).toBe(
      'Put at least one review day on a day the host school is open.',
    );
    const both = [...offDay, { kind: 'review_day' as const, activityCount: 0, day: '2026-12-01', schoolDay: true }];
    expect(decideTransition(complete('focus_agreed', { sessions: both }), 'plan', ['lead_reviewer']).ok).toBe(true);
  });

  it('the review opens on its first review day, or earlier when the lead reviewer gives a reason', () => {
    const early = complete('ready', { today: '2026-11-22' });
    expect(refused(early, 'open_review')).toMatch(/first review day is 23 November 2026/);
    expect(decideTransition(early, 'open_review', ['lead_reviewer'], { override: { reason: ' ' } }).ok).toBe(false);
    expect(
      decideTransition(early, 'open_review', ['lead_reviewer'], { override: { reason: 'Snow day moved' } }),
    ).toEqual({ ok: true, to: 'in_review', overridden: expect.stringMatching(/first review day/) as string });
    expect(decideTransition(complete('ready'), 'open_review', ['lead_reviewer'])).toEqual({
      ok: true,
      to: 'in_review',
    });
    const next = nextActionsFor(early, ['lead_reviewer']).find((n) => n.action === 'open_review');
    expect(next).toMatchObject({ blockedBy: null, overridable: expect.stringMatching(/23 November/) as string });
  });

  it('feedback needs a finding linked to evidence and the feedback record filled in', () => {
    const document = complete('synthesis').document;
    if (!document) {
      throw new Error('fixture has a document');
    }
    expect(refused(complete('synthesis', { document: { ...document, findings: [] } }), 'give_feedback')).toMatch(
      /Write at least one finding/,
    );
    const unlinked = { ...document, findings: [{ label: 'S01', evidenceCount: 0 }] };
    expect(refused(complete('synthesis', { document: unlinked }), 'give_feedback')).toMatch(
      /Link at least one finding/,
    );
    const noRecord = { ...document, feedback: { date: '', attendees: ' ' } };
    expect(refused(complete('synthesis', { document: noRecord }), 'give_feedback')).toBe(
      'Fill in the feedback record first: its date and who attended.',
    );
    expect(decideTransition(complete('synthesis'), 'give_feedback', ['lead_reviewer']).ok).toBe(true);
  });

  it('the host accepts the report only after the lead reviewer signed and with no correction waiting', () => {
    expect(
      refused(
        complete('feedback_given', { signedOff: { leadReviewer: false, hostHeadteacher: false } }),
        'accept_report',
      ),
    ).toMatch(/lead reviewer has not signed/);
    expect(refused(complete('feedback_given', { pendingCorrections: 2 }), 'accept_report')).toBe(
      "2 factual corrections are waiting for the lead reviewer's decision.",
    );
    expect(refused(complete('feedback_given', { pendingCorrections: 1 }), 'accept_report')).toMatch(
      /^1 factual correction is/,
    );
    expect(decideTransition(complete('feedback_given'), 'accept_report', ['host_headteacher']).ok).toBe(true);
  });

  it('the action plan is published only when every action is complete', () => {
    const document = complete('workshop_held').document;
    if (!document) {
      throw new Error('fixture has a document');
    }
    expect(
      refused(complete('workshop_held', { document: { ...document, actions: [] } }), 'publish_action_plan'),
    ).toMatch(/at least one action/);
    const [first] = document.actions;
    if (!first) {
      throw new Error('fixture has an action');
    }
    const incomplete = {
      ...document,
      actions: [first, { ...first, id: 'a2', label: 'A02', ownerRole: '', successCriteria: '' }],
    };
    expect(refused(complete('workshop_held', { document: incomplete }), 'publish_action_plan')).toBe(
      'Action A02 needs an owner, success criteria.',
    );
    const undated = { ...document, actions: [{ ...first, startsOn: '', dueOn: '' }] };
    expect(refused(complete('workshop_held', { document: undated }), 'publish_action_plan')).toMatch(
      /a start date, a due date/,
    );
  });

  it('closing needs a recorded impact checkpoint, read from its records, with every action rated', () => {
    const actions = [
      { id: 'a1', label: 'A01' },
      { id: 'a2', label: 'A02' },
    ];
    expect(refused(complete('impact_review', { impact: { actions, recorded: [] } }), 'close')).toMatch(
      /Record an impact checkpoint first/,
    );
    expect(refused(complete('impact_review', { impact: null }), 'close')).toMatch(/cannot read the impact/);
    // The document is not asked: closing goes by the records alone.
    const both = { day: '2027-04-02', rated: ['a1', 'a2'] };
    expect(
      decideTransition(complete('impact_review', { document: null, impact: { actions, recorded: [both] } }), 'close', [
        'host_headteacher',
      ]),
    ).toEqual({ ok: true, to: 'closed' });
  });

  it('closing goes by the last checkpoint recorded: an earlier complete one is not enough', () => {
    const actions = [
      { id: 'a1', label: 'A01' },
      { id: 'a2', label: 'A02' },
    ];
    const earlier = { day: '2027-02-10', rated: ['a1', 'a2'] };
    const later = { day: '2027-06-30', rated: ['a1'] };
    // Listed out of order on purpose: "last" is by the day the huddle met.
    expect(refused(complete('impact_review', { impact: { actions, recorded: [later, earlier] } }), 'close')).toBe(
      'The last impact checkpoint (30 June 2027) has no rating for A02. Record a checkpoint that rates every action in the plan.',
    );
    const latest = { day: '2027-07-14', rated: ['a2', 'a1'] };
    const facts = complete('impact_review', { impact: { actions, recorded: [later, latest, earlier] } });
    expect(decideTransition(facts, 'close', 'system').ok).toBe(true);
  });

  it('marks the steps that cannot be undone, so the page asks first', () => {
    const irreversible = ReviewActions.filter((action) => TransitionRules[action].irreversible);
    expect(irreversible).toEqual(['accept_report', 'publish_action_plan', 'close', 'cancel']);
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
