import { rotaSuite } from './rota.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
rotaSuite('embedded');
