import { readinessChecksSuite } from './readiness-checks.suite.ts';

readinessChecksSuite('postgres');
