/**
 * Stands in for `@aws-sdk/credential-provider-node` inside the Lambda bundles (an esbuild alias set in
 * infra/constructs/app-function.ts BUNDLING); nothing imports this file directly, and the local stack and the tests
 * keep the SDK's full default chain.
 *
 * Every SDK client's runtime config imports `defaultProvider` from that package and calls it when the client is
 * given no `credentials`. Its chain tries, in order: environment variables, SSO, the shared ini files, a
 * credential_process, a web-identity token file, then the container or instance metadata endpoints. On Lambda the
 * runtime puts the execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN,
 * so the first link always answers and the others can never apply (no profile, no ~/.aws files, no token file, no
 * metadata endpoint). They still cost 110 to 135 KB of minified code per function (the STS and SSO clients among
 * them) and their load time. Here the chain is its first link alone: the same credentials, read the same way.
 */
import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/** The env provider under the name the clients import. Missing variables fail the call, as the chain's end does. */
export const defaultProvider = (init?: FromEnvInit): ReturnType<typeof fromEnv> => fromEnv(init);
