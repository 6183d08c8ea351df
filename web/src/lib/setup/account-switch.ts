import { api } from '#lib/api/client.ts';

/** Switching a person's account off (they leave) or back on: asked the same way wherever it is offered. */
export type AccountSwitch = 'deactivate' | 'reactivate';

export const AccountSwitchQuestion: Record<
  AccountSwitch,
  { title: string; button: string; busy: string; danger: boolean }
> = {
  deactivate: {
    title: 'Switch off this account?',
    button: 'Switch off the account',
    busy: 'Switching off…',
    danger: true,
  },
  reactivate: {
    title: 'Switch this account back on?',
    button: 'Switch the account back on',
    busy: 'Switching on…',
    danger: false,
  },
};

/** What switching the account does, for the person about to confirm it. */
export function accountSwitchConsequence(kind: AccountSwitch, displayName: string): string {
  return kind === 'deactivate'
    ? `${displayName} will be signed out everywhere at once and cannot sign in again. Their name stays on everything they wrote.`
    : `${displayName} will be able to sign in again, with the roles they had.`;
}

/** Switches the account and says what that did, for the page's status message. */
export async function switchAccount(kind: AccountSwitch, person: { userId: string; displayName: string }) {
  await api.post(`/people/${person.userId}/${kind}`);
  return kind === 'deactivate'
    ? `${person.displayName}’s account is switched off. They have been signed out everywhere.`
    : `${person.displayName}’s account is switched back on. They can sign in again.`;
}
