import { erasureSuite } from './erasure.suite.ts';

erasureSuite('postgres');
