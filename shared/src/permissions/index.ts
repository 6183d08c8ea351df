export * from './actor.ts';
export * from './accounts.ts';
