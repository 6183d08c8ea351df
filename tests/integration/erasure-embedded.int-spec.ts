import { erasureSuite } from './erasure.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
erasureSuite('embedded');
