import { demoYearSuite } from './demo-year.suite.ts';

// On PostgreSQL, loaded on each of the fixed test days.
demoYearSuite('postgres', ['november', 'saturday', 'friday', 'bankHoliday', 'lastDayOfYear']);
