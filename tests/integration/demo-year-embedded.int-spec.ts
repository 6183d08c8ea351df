import { demoYearSuite } from './demo-year.suite.ts';

// The same on the embedded database (PGlite serves one connection), loaded on a bank holiday.
demoYearSuite('embedded', ['bankHoliday']);
