import { describe, expect, it } from 'vitest';
import { transitionVersionLabel, versionStageOf } from './version-stages.ts';

describe('versionStageOf', () => {
  it('maps each review state to its stage of the story', () => {
    expect(versionStageOf('draft')).toBe('draft');
    expect(versionStageOf('synthesis')).toBe('draft');
    expect(versionStageOf('feedback_given')).toBe('factual_check');
    expect(versionStageOf('report_agreed')).toBe('agreed');
    expect(versionStageOf('workshop_held')).toBe('agreed');
    expect(versionStageOf('action_plan_published')).toBe('published');
    expect(versionStageOf('closed')).toBe('published');
  });

  it('keeps the stage of the state a paused or cancelled review left', () => {
    expect(versionStageOf('paused', 'feedback_given')).toBe('factual_check');
    expect(versionStageOf('cancelled', 'impact_review')).toBe('published');
    expect(versionStageOf('paused')).toBe('draft');
  });
});

describe('transitionVersionLabel', () => {
  it('says what the review reached, in the words of the review page', () => {
    expect(transitionVersionLabel('synthesis', 'feedback_given')).toBe('Reached: Feedback given');
    expect(transitionVersionLabel('in_review', 'paused')).toBe('Paused');
    expect(transitionVersionLabel('paused', 'in_review')).toBe('Resumed: Review in progress');
  });
});
