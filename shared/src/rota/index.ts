export * from './schemas.ts';
export * from './year.ts';
export * from './check.ts';
export * from './generate.ts';
