/**
 * zod/mini with English error messages, for the event contracts (which depend on zod only; the app's twin is
 * shared/platform/zod.ts). zod/mini installs no messages by default: every issue would read "Invalid input".
 * Import it as a namespace (`import * as z from './zod.ts'`): the `z` object of 'zod/mini' keeps all of zod.
 */

import { en } from 'zod/locales';
import { config, NEVER, pipe, string, transform } from 'zod/mini';

config(en());

export * from 'zod/mini';

/**
 * A JSON text, parsed: what a queue body or an SNS `Message` carries. Text that is not JSON is a zod issue
 * ("`what` is not JSON"), like any other bad field, not a SyntaxError.
 */
export const jsonText = (what: string) =>
  pipe(
    string(),
    transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: `${what} is not JSON`, input: text });
        return NEVER;
      }
    }),
  );
