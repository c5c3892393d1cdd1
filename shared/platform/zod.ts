/**
 * The zod of the app: `zod/mini`, whose validators are plain functions a bundler drops when unused (classic `zod`
 * cannot be tree-shaken and adds ~450 KB to every Lambda), with the English error messages classic zod installs
 * by default (zod/mini has none: every issue would read "Invalid input"). Every module that declares a schema
 * imports it, so the messages are set before any parse, in the Lambdas, the local stack and the tests alike
 * (events/zod.ts does the same for the event contracts, which depend on zod only).
 *
 * Import it as a namespace, `import * as z from '#shared/platform/zod.ts'`: the `z` object that 'zod/mini' also
 * exports (`import { z } from 'zod/mini'`) is the whole library and keeps all of it in the bundle, as does a
 * value read through `z.core` or `z.locales` (types are fine).
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
/** What `parse` throws (`instanceof` works for every zod error). */
export { $ZodError } from 'zod/v4/core';
