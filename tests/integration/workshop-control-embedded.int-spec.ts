import { workshopControlSuite } from './workshop-control.suite.ts';

// The same suite on the embedded database (PGlite serves one connection): a statement that waits for a connection
// its own transaction holds hangs here, where PostgreSQL's pool would hide it.
workshopControlSuite('embedded');
