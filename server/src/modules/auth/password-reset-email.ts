import { Limits } from '@crosswalk/shared';
import type { MailMessage } from '../mail/mailer.ts';

/** The email with the link to choose a new password. */
export function passwordResetEmail(to: string, displayName: string, link: string): MailMessage {
  return {
    to,
    subject: 'Choose a new Crosswalk password',
    text: [
      `Hello ${displayName},`,
      '',
      'Someone asked to choose a new password for the Crosswalk account with this email address.',
      'If it was you, open this link and choose a new password:',
      link,
      '',
      `The link works once and expires in ${Limits.passwordResetValidMinutes} minutes. Choosing a new password signs you out everywhere else.`,
      'If it was not you, you can ignore this email: your password has not changed.',
    ].join('\n'),
  };
}
