export * from './dates.ts';
export * from './bank-holidays.ts';
export * from './school-calendar.ts';
export * from './review-deadlines.ts';
export * from './schemas.ts';
export * from './common-days.ts';
