/**
 * The dashboard's sign-in, for the functions that serve pages: on AWS a Cognito session for every page
 * (cognito-auth.ts, whose guard lets /api, /webhooks, /portal and /health through to their own credentials);
 * without Cognito, each page checks the token login of auth.ts itself.
 */
import type { Hono } from 'hono';
import { cognitoAuth, cognitoTokenVerifier } from '../cognito-auth.ts';
import type { WebDeps } from '../web-deps.ts';

export function mountSession(app: Hono, deps: Pick<WebDeps, 'config' | 'tokenVerifier'>): void {
  if (!deps.config.cognito) return;
  const cognito = cognitoAuth({
    config: deps.config.cognito,
    verifier: deps.tokenVerifier ?? cognitoTokenVerifier(deps.config.cognito),
    apiToken: deps.config.apiToken,
  });
  app.use('*', cognito.guard);
  app.route('/', cognito.routes);
}
