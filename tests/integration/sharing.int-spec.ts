import { sharingSuite } from './sharing.suite.ts';

sharingSuite('postgres');
