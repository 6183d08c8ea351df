import { lifecycleGuardsSuite } from './lifecycle-guards.suite.ts';

// The same walk on the embedded database (PGlite serves one connection).
lifecycleGuardsSuite('embedded');
