import { describe, expect, it } from 'vitest';
import { actionAlertText } from './texts.ts';

describe('the words of an action alert', () => {
  it('names the school, the action’s label and its due date only', () => {
    expect(actionAlertText('Hempshill Primary', 'A02', '2027-03-26', 'overdue')).toBe(
      'Action A02 of the action plan from the peer review of Hempshill Primary is overdue: it was due on Friday 26 March 2027 and is not marked complete. Please update its progress.',
    );
    expect(actionAlertText('Hempshill Primary', 'A01', '2027-03-26', 'at_risk')).toMatch(
      /^Action A01 .* Hempshill Primary is now at risk \(due on Friday 26 March 2027\)/,
    );
  });
});
