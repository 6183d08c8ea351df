import { actionsSuite } from './actions.suite.ts';

actionsSuite('postgres');
