export * from './blocks.ts';
export * from './assemble.ts';
export * from './rich-text.ts';
