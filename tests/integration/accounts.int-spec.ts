import { accountsSuite } from './accounts.suite.ts';

accountsSuite('postgres');
