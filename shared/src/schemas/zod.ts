import { z } from 'zod';

/** Every schema in this package takes `z` from here, so that one place says how zod runs (`zod-settings.ts`). */
export { z };
