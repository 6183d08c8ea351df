import { impactSuite } from './impact.suite.ts';

impactSuite('postgres');
