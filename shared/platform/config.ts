/**
 * Configuration loading: each entry point declares a zod schema of exactly the variables it needs and fails at
 * cold start, naming the variable, when one is missing or malformed (never an empty default).
 */
import type * as z from './zod.ts';

export function loadConfig<S extends z.ZodMiniType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
