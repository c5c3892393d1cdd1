/** The login form: the API token (locally) exchanged for a session cookie. */
import { html } from 'hono/html';
import type { Language } from '#shared/domain/money.ts';
import { MESSAGES } from './i18n.ts';
import { type Html, page } from './layout.ts';

export function loginPage(language: Language, next: string, failed: boolean): Html {
  const t = MESSAGES[language];
  const body = html`<h1>${t.login}</h1>
<p class="muted">${t.loginHelp}</p>
${failed ? html`<p class="error" role="alert">${t.badToken}</p>` : ''}
<form method="post" action="/login" class="inline">
  <input type="hidden" name="next" value="${next}">
  <label for="token" class="muted" style="align-self:center">${t.token}</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required>
  <button type="submit">${t.signIn}</button>
</form>`;
  return page({ title: t.login, language, body, signedIn: false });
}
