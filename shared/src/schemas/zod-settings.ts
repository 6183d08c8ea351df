/**
 * zod 4 compiles object parsers with `new Function` unless told not to. The web app's Content-Security-Policy
 * forbids `eval`, and even zod's probe for it is reported as a violation, so the browser turns the compiler off
 * before anything validates (`web/src/hooks.client.ts`); the server keeps it. zod keeps its settings on this
 * global, read when zod loads and at every parse, so a page that never validates carries no zod for this
 * (`zod-settings.spec.ts` checks that `z.config()` sees it).
 */
export function turnOffZodCompiler(): void {
  const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
  holder.__zod_globalConfig = Object.assign(holder.__zod_globalConfig ?? {}, { jitless: true });
}
