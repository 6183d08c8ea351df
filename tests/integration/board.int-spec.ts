import { boardSuite } from './board.suite.ts';

boardSuite('postgres');
