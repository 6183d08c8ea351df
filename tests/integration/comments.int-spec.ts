import { commentsSuite } from './comments.suite.ts';

commentsSuite('postgres');
