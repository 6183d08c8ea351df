import type { MailMessage } from '../mail/mailer.ts';

/** The email asking someone invited to a review to check their set-up, with their own link. */
export function checkEmail(input: {
  to: string;
  displayName: string;
  hostSchoolName: string;
  firstDay: string | null;
  link: string;
  expiresOn: string;
}): MailMessage {
  const when = input.firstDay ? ` on ${input.firstDay}` : '';
  return {
    to: input.to,
    subject: `Check your set-up before the peer review of ${input.hostSchoolName}`,
    text: [
      `Hello ${input.displayName},`,
      '',
      `The peer review of ${input.hostSchoolName}${when} takes place over video. Please take five minutes before the`,
      'day to check that your computer and your school’s network can carry the calls. Open this link on the',
      'computer you will use, in the room you will use it:',
      input.link,
      '',
      'The check tests your camera, microphone, speakers and connection, then says whether video should work and',
      'gives you a short report for your IT support if something needs to be opened. The lead reviewer and the host',
      'school see whether your check passed, never any picture or sound.',
      '',
      `The link is only for you and this review, needs no password and works until ${input.expiresOn}.`,
    ].join('\n'),
  };
}
