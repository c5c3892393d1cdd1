/**
 * The construct's bundling (app-function.ts BUNDLING) as esbuild build options: what CDK's local bundling passes
 * to the esbuild command line (aws-lambda-nodejs `Bundling.buildEsbuildArgs`, run in the project root). The bundle
 * benchmark and the tests build with these, so they measure and check what would be deployed. An option this
 * translation does not know is refused rather than ignored: a new setting in BUNDLING must be added here too.
 */
import type { aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import type { BuildOptions } from 'esbuild';

/** Options with an esbuild equivalent, and the ones that only tell CDK how to run it. */
const TRANSLATED = new Set<keyof nodejs.BundlingOptions>([
  'format',
  'target',
  'mainFields',
  'minify',
  'sourceMap',
  'sourcesContent',
  'banner',
  'bundleAwsSDK',
  'externalModules',
  'esbuildArgs',
  'forceDockerBundling',
]);

export function esbuildOptions(bundling: nodejs.BundlingOptions, projectRoot: string): BuildOptions {
  const unknown = Object.keys(bundling).filter((key) => !TRANSLATED.has(key as keyof nodejs.BundlingOptions));
  if (unknown.length > 0) throw new Error(`esbuildOptions does not translate ${unknown.join(', ')} yet`);
  const alias: Record<string, string> = {};
  for (const [arg, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    const module = /^--alias:(.+)$/.exec(arg)?.[1];
    if (!module || typeof value !== 'string') throw new Error(`esbuildOptions does not translate esbuildArgs ${arg}`);
    alias[module] = value;
  }
  return {
    bundle: true,
    platform: 'node',
    absWorkingDir: projectRoot,
    // CDK passes --format only when set; esbuild's default for node is CommonJS.
    format: bundling.format ?? 'cjs',
    target: bundling.target,
    mainFields: bundling.mainFields,
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    banner: bundling.banner === undefined ? undefined : { js: bundling.banner },
    // CDK's default for the Node 18+ runtimes: every @aws-sdk/* package left to the runtime's copy, unless
    // bundleAwsSDK (BUNDLING sets it, for @aws-sdk/util-dynamodb, the only one the functions still import).
    external: bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']),
    alias,
  };
}
