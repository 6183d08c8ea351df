import type { PageLoad } from './$types';

export const load = (({ params }) => ({ sessionId: params.id })) satisfies PageLoad;
