import { notificationsSuite } from './notifications.suite.ts';

notificationsSuite('postgres');
