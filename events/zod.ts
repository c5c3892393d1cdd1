/**
 * zod/mini with English error messages, for the event contracts (which depend on zod only; the app's twin is
 * shared/platform/zod.ts). zod/mini installs no messages by default: every issue would read "Invalid input".
 * Import it as a namespace (`import * as z from './zod.ts'`): the `z` object of 'zod/mini' keeps all of zod.
 */

import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
