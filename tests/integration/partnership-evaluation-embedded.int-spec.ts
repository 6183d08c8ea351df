import { partnershipEvaluationSuite } from './partnership-evaluation.suite.ts';

// The same suite on the embedded database (PGlite serves one connection; the saves run in transactions).
partnershipEvaluationSuite('embedded');
