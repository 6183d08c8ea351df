import { turnOffZodCompiler } from '@crosswalk/shared';

// Before any page validates: zod's compiler would need `unsafe-eval`, which the Content-Security-Policy forbids.
turnOffZodCompiler();
