import type { Me } from '@crosswalk/shared';
import type { Request, Response } from 'express';
import { setSignInCookie } from '../../http/middleware/sign-in.ts';
import type { AuthService } from './auth.service.ts';

/**
 * Signs a person in on this response: a new sign-in and its cookie, ending the sign-in this browser had (so a
 * cookie from before cannot outlive the switch). Returns the person as `/api/me` shows them.
 */
export async function signInWith(
  req: Request,
  res: Response,
  auth: AuthService,
  opened: { token: string } | { userId: string },
): Promise<Me> {
  const token = 'token' in opened ? opened.token : await auth.openSignIn(opened.userId);
  const previous = res.locals.signInToken as string | undefined;
  if (previous) {
    await auth.logout(previous);
  }
  setSignInCookie(req, res, token, auth.absoluteMs);
  const context = await auth.authenticate(token);
  if (!context) {
    throw new Error('a sign-in opened just now could not be read back');
  }
  return auth.me(context);
}
