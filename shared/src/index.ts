export * from './errors.ts';
export * from './limits.ts';
export * from './roles.ts';
export * from './schemas/auth.ts';
export * from './schemas/invitations.ts';
export * from './realtime/close-codes.ts';
export * from './permissions/index.ts';
export * from './realtime/events.ts';
