import { z } from 'zod';

/**
 * Every schema in this package takes `z` from here. zod 4 compiles object parsers with `new Function` unless told
 * not to; the web app's Content-Security-Policy forbids `eval`, and even zod's probe for it is reported as a
 * violation, so the compiler stays off everywhere and the browser and the server validate the same way.
 */
z.config({ jitless: true });

export { z };
