import { notificationsSuite } from './notifications.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
notificationsSuite('embedded');
