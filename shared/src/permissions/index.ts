export * from './decision.ts';
export * from './actor.ts';
export * from './accounts.ts';
export * from './partnerships.ts';
export * from './reviews.ts';
export * from './sessions.ts';
export * from './sign-offs.ts';
export * from './workshops.ts';
