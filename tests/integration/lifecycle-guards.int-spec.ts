import { lifecycleGuardsSuite } from './lifecycle-guards.suite.ts';

lifecycleGuardsSuite('postgres');
