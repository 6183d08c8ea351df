import { describe, expect, it } from 'vitest';
import { supportDecidedText, supportOfferedText, supportRequestedText } from './support-texts.ts';

describe('support notification texts', () => {
  it('name the schools, the action’s label and the date, never what was asked or offered', () => {
    expect(supportRequestedText('Hempshill Primary', 'A01', '2027-02-26')).toBe(
      'Hempshill Primary has asked the partnership for support with action A01 of its action plan, needed by Friday 26 February 2027. See what is needed, and offer help if your school can, on the partnership’s support page.',
    );
    expect(supportOfferedText('Hempshill Primary', 'A01', 'Summercroft Primary')).toBe(
      'Summercroft Primary has offered support for action A01 of Hempshill Primary’s action plan. Read the offer and accept it on the action plan.',
    );
    expect(supportDecidedText('Hempshill Primary', 'A01', '2027-02-26', 'accepted')).toMatch(
      /^Hempshill Primary has accepted your school’s offer of support for action A01 \(needed by Friday 26 February 2027\)/,
    );
    expect(supportDecidedText('Hempshill Primary', 'A02', '2027-02-26', 'declined')).toMatch(
      /accepted another school’s offer of support for action A02/,
    );
  });
});
