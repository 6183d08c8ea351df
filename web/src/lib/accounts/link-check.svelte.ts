import { api, messageOf } from '#lib/api/client.ts';

/**
 * What a page opened from an emailed link (an invitation, a password reset) learns about the link: the server's
 * answer, or in words why the link cannot be used. The secret goes in the request body, never a URL.
 */
export class LinkCheck<T> {
  result = $state<T | null>(null);
  error = $state<string | null>(null);

  constructor(token: string, path: string, missingMessage: string) {
    if (!token) {
      this.error = missingMessage;
      return;
    }
    api.post<T>(path, { token }).then(
      (answer) => {
        this.result = answer;
      },
      (caught: unknown) => {
        this.error = messageOf(caught);
      },
    );
  }
}
