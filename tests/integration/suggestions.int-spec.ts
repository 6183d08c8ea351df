import { suggestionsSuite } from './suggestions.suite.ts';

suggestionsSuite('postgres');
