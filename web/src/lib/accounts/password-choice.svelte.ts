import { goto } from '$app/navigation';
import type { Me } from '@crosswalk/shared';
import { signInManager } from '../managers/sign-in-manager.svelte.ts';
import { FormSubmission } from '../utils/form-submission.svelte.ts';
import { newPasswordProblems } from './new-password.ts';

/**
 * Choosing a password from an emailed link (an invitation, a reset): the two copies, their checks, and once the
 * server accepts it, signed in and on the home page.
 */
export class PasswordChoice {
  password = $state('');
  confirm = $state('');
  readonly form = new FormSubmission();

  /** Sends the password with `send`, which answers the person now signed in; `leave` tidies the address first. */
  async submit(send: (password: string) => Promise<Me>, leave: () => void = () => undefined): Promise<void> {
    await this.form.submit(
      newPasswordProblems(this.password, this.confirm, { password: 'password', confirm: 'confirm' }),
      async () => {
        signInManager.signedInAs(await send(this.password));
        leave();
        await goto('/', { replaceState: true });
      },
    );
  }
}
