import { workshopControlSuite } from './workshop-control.suite.ts';

workshopControlSuite('postgres');
