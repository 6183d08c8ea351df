import { rotaSuite } from './rota.suite.ts';

rotaSuite('postgres');
