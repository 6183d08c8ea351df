import { peopleSuite } from './people.suite.ts';

peopleSuite('postgres');
