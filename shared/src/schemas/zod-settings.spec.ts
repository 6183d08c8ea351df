import { describe, expect, it } from 'vitest';
import { z } from './zod.ts';
import { turnOffZodCompiler } from './zod-settings.ts';

describe('turnOffZodCompiler', () => {
  it('reaches the settings zod reads, and schemas still validate', () => {
    const before = z.config().jitless;
    try {
      turnOffZodCompiler();
      expect(z.config().jitless).toBe(true);
      const schema = z.strictObject({ name: z.string().min(1) });
      expect(schema.safeParse({ name: 'Fenbrook' }).success).toBe(true);
      expect(schema.safeParse({ name: '' }).success).toBe(false);
    } finally {
      z.config({ jitless: before ?? false });
    }
  });
});
