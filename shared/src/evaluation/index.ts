export * from './model.ts';
export * from './trend.ts';
