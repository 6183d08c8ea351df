import { partnershipEvaluationSuite } from './partnership-evaluation.suite.ts';

partnershipEvaluationSuite('postgres');
