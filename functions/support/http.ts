/**
 * What the HTTP functions (functions/http-*.handler.ts, one per route family behind the one HTTP API) share:
 * their settings, the API token read at cold start, and the Cognito sign-in of the functions that serve pages.
 */
import { handle } from 'hono/aws-lambda';
import { readSecretString, SecretsManager } from '#shared/platform/aws/secrets-manager.ts';
import * as z from '#shared/platform/zod.ts';
import { baseApp } from '#shared/web/families/base.ts';
import type { WebConfig } from '#shared/web/web-deps.ts';
import { readPortalSecret } from './dunning.ts';
import { connectedProviders, type ProviderSecretsEnv } from './providers.ts';

export const Http = {
  RELANCE_TIME_ZONE: z._default(z.string().check(z.minLength(1)), 'Europe/Paris'),
  /** API Gateway's payload limit is 10 MB; the app refuses earlier with a clear 413. */
  RELANCE_MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 6 * 1024 * 1024),
};

/** The API bearer token (and the token login's key when there is no Cognito). */
export const ApiToken = { API_TOKEN_SECRET_ARN: z.string().check(z.startsWith('arn:')) };

/** The dashboard's Cognito sign-in (infra/stateless-stack.ts), when the stage has a user pool. */
export const Cognito = {
  COGNITO_USER_POOL_ID: z.optional(z.string().check(z.minLength(1))),
  COGNITO_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  COGNITO_DOMAIN: z.optional(z.string().check(z.minLength(1))),
  COGNITO_REDIRECT_URI: z.optional(z.string().check(z.startsWith('https://'))),
};

export function cognitoConfig(env: {
  COGNITO_USER_POOL_ID?: string;
  COGNITO_CLIENT_ID?: string;
  COGNITO_DOMAIN?: string;
  COGNITO_REDIRECT_URI?: string;
}): Pick<WebConfig, 'cognito'> {
  return env.COGNITO_USER_POOL_ID && env.COGNITO_CLIENT_ID && env.COGNITO_DOMAIN && env.COGNITO_REDIRECT_URI
    ? {
        cognito: {
          userPoolId: env.COGNITO_USER_POOL_ID,
          clientId: env.COGNITO_CLIENT_ID,
          domain: env.COGNITO_DOMAIN,
          redirectUri: env.COGNITO_REDIRECT_URI,
        },
      }
    : {};
}

/** The API token, checked to be a real one (16+ characters). Never logged. */
export async function readApiToken(secrets: SecretsManager, secretArn: string): Promise<string> {
  const token = await readSecretString(secrets, secretArn);
  if (token.length < 16) throw new Error('the API token secret must be a string of 16+ characters');
  return token;
}

/**
 * The API token, the portal signing key and the provider secrets, read at once (each is one round trip of the
 * cold start): the api and dashboard families need all three.
 */
export async function readHttpSecrets(
  env: ProviderSecretsEnv & { AWS_REGION: string; API_TOKEN_SECRET_ARN: string; PORTAL_SECRET_ARN: string },
) {
  const secrets = new SecretsManager({ region: env.AWS_REGION });
  const [apiToken, portalSecret, providers] = await Promise.all([
    readApiToken(secrets, env.API_TOKEN_SECRET_ARN),
    readPortalSecret(secrets, env.PORTAL_SECRET_ARN),
    connectedProviders(env, secrets),
  ]);
  return { apiToken, portalSecret, providers };
}

/** What every family's WebConfig holds; the pages' families add the Cognito sign-in. */
export function webConfig(env: { RELANCE_TIME_ZONE: string; RELANCE_MAX_BODY_BYTES: number }, apiToken: string) {
  return { apiToken, timeZone: env.RELANCE_TIME_ZONE, maxBodyBytes: env.RELANCE_MAX_BODY_BYTES };
}

/** The Lambda handler of a family: the shared base (errors, headers, limits, /health) with its routes on it. */
export function familyHandler(
  config: Pick<WebConfig, 'maxBodyBytes'>,
  mount: (app: ReturnType<typeof baseApp>) => void,
) {
  const app = baseApp(config);
  mount(app);
  return handle(app);
}
