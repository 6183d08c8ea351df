import { Limits } from '@crosswalk/shared';

/** The same rules as the server's (length), checked before sending, plus the two copies agreeing. */
export function newPasswordProblems(
  password: string,
  confirm: string,
  ids: { password: string; confirm: string },
): { path: string; message: string }[] {
  if (password.length < Limits.passwordMinLength) {
    return [{ path: ids.password, message: `Use at least ${Limits.passwordMinLength} characters` }];
  }
  if (password.length > Limits.passwordMaxLength) {
    return [{ path: ids.password, message: `Use at most ${Limits.passwordMaxLength} characters` }];
  }
  if (password !== confirm) {
    return [{ path: ids.confirm, message: 'The two passwords are not the same' }];
  }
  return [];
}
