import type { MailMessage } from '../mail/mailer.ts';
import { LOGIN_WINDOW_SECONDS } from './login-throttle.ts';

/** The email that tells an account's owner that someone keeps trying to sign in as them. */
export function signInWarning(to: string, displayName: string): MailMessage {
  return {
    to,
    subject: 'Someone is trying to sign in to your Crosswalk account',
    text: [
      `Hello ${displayName},`,
      '',
      `In the last ${LOGIN_WINDOW_SECONDS / 60} minutes there have been many unsuccessful attempts to sign in to your Crosswalk account with this email address.`,
      '',
      'If this was you, there is nothing to do. You can still sign in with your password as usual.',
      'If it was not you, someone may be trying to guess your password. Your account stays safe as long as your password is hard to guess and you do not use it anywhere else. If you are unsure, tell the person who looks after Crosswalk for your partnership.',
      '',
      `We send this email at most once every ${LOGIN_WINDOW_SECONDS / 60} minutes while the attempts continue.`,
    ].join('\n'),
  };
}
