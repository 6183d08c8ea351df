import type { PageLoad } from './$types';

export const load = (({ params, url }) => ({
  sessionId: params.id,
  boardId: params.boardId,
  /** Optional `?move=dot_vote` etc.: show only that stage's tools. */
  move: url.searchParams.get('move'),
})) satisfies PageLoad;
