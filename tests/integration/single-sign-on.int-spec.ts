import { singleSignOnSuite } from './single-sign-on.suite.ts';

singleSignOnSuite('postgres');
