import { describe, expect, it } from 'vitest';
import {
  AgendaTemplateStages,
  AgendaTemplates,
  DefaultAgenda,
  ImpactHuddleAgenda,
  InPersonAgenda,
  agendaTemplateFor,
} from './agenda.ts';

const minutes = (stages: readonly { minutes: number }[]) => stages.reduce((sum, s) => sum + s.minutes, 0);

describe('the workshop agenda templates (formats A, B and C)', () => {
  it('A is 90 minutes online; B is half a day with a gallery and more time for the evidence', () => {
    expect(minutes(DefaultAgenda)).toBe(90);
    expect(minutes(InPersonAgenda)).toBeGreaterThanOrEqual(180);
    expect(minutes(InPersonAgenda)).toBeLessThanOrEqual(240);
    expect(InPersonAgenda.map((s) => s.move)).toContain('gallery');
    const evidence = (stages: typeof DefaultAgenda) => stages.find((s) => s.move === 'evidence_share')?.minutes ?? 0;
    expect(evidence(InPersonAgenda)).toBeGreaterThan(evidence(DefaultAgenda));
  });

  it('C, the impact huddle, is 30 minutes: RAG per action, one piece of impact evidence, adjust the plan', () => {
    expect(minutes(ImpactHuddleAgenda)).toBe(30);
    expect(ImpactHuddleAgenda.map((s) => s.move)).toEqual(['rag_per_action', 'impact_evidence', 'adjust_plan']);
    expect(ImpactHuddleAgenda[0]?.documentSection).toBe('actions');
  });

  it('every template is offered, and a review held in person starts from the half day', () => {
    expect(AgendaTemplates.every((t) => AgendaTemplateStages[t].length > 0)).toBe(true);
    expect(agendaTemplateFor('in_person')).toBe('in_person_half_day');
    expect(agendaTemplateFor('virtual')).toBe('online_90');
    expect(agendaTemplateFor('hybrid')).toBe('online_90');
  });
});
