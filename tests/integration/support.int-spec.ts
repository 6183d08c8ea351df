import { supportSuite } from './support.suite.ts';

supportSuite('postgres');
