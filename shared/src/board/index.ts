export * from './aggregates.ts';
export * from './view.ts';
export * from './build.ts';
