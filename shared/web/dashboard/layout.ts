/**
 * The page shell: server-rendered HTML, no client framework, one small stylesheet, usable on a phone.
 * `html` from hono escapes every interpolated value.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Language } from '#shared/domain/money.ts';
import { MESSAGES } from './i18n.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const STYLE = `
:root{--ink:#1d2433;--muted:#5b6476;--line:#e3e6ee;--brand:#0b5fff;--late:#b42318;--ok:#067647;--bg:#f7f8fb}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;gap:1rem;align-items:center;padding:.7rem 1.2rem;background:#fff;border-bottom:1px solid var(--line);flex-wrap:wrap}
header strong{font-size:1.1rem}header nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem;flex:1}a{color:var(--brand);text-decoration:none}a:hover{text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:1.2rem}h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .6rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:.8rem}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.9rem 1rem}.card .label{color:var(--muted);font-size:.85rem}
.card .value{font-size:1.5rem;font-weight:600;margin-top:.2rem}.late{color:var(--late)}.ok{color:var(--ok)}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:10px;overflow:hidden}
th,td{padding:.55rem .7rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}th{font-size:.8rem;color:var(--muted);font-weight:600;background:#fafbfd}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;background:#eef1f7;white-space:nowrap}
.badge.overdue,.badge.disputed,.badge.in_collection{background:#fde8e7;color:var(--late)}.badge.paid{background:#e7f6ee;color:var(--ok)}
.bars{display:grid;gap:.35rem}.bar{display:grid;grid-template-columns:8rem 1fr 8rem;gap:.6rem;align-items:center}
.bar .track{background:#eef1f7;border-radius:6px;height:.9rem}.bar .fill{background:var(--brand);height:100%;border-radius:6px}
.bar .fill.late{background:var(--late)}
form.inline{display:flex;gap:.5rem;margin:.5rem 0}input,button,select{font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:8px}
button{background:var(--brand);color:#fff;border-color:var(--brand);cursor:pointer}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{color:var(--muted)}.timeline{list-style:none;padding:0;margin:0;background:#fff;border:1px solid var(--line);border-radius:10px}
.timeline li{padding:.55rem .8rem;border-bottom:1px solid var(--line)}.timeline time{color:var(--muted);font-size:.85rem;margin-right:.6rem}
.muted{color:var(--muted)}.error{color:var(--late)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.split{display:grid;grid-template-columns:2fr 1fr;gap:1.2rem}.chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:10px;padding:.8rem}
.queues{list-style:none;margin:0;padding:0;background:#fff;border:1px solid var(--line);border-radius:10px}.queues li{padding:.6rem .8rem;border-bottom:1px solid var(--line);display:flex;justify-content:space-between;gap:.5rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:end;margin:.5rem 0 1rem}.filters label{display:grid;gap:.2rem;font-size:.85rem;color:var(--muted)}
.actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:.8rem}.actions form{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.8rem;display:grid;gap:.4rem;align-content:start}
.actions h3{margin:0;font-size:1rem}.actions label{font-size:.85rem;color:var(--muted)}button.secondary{background:#fff;color:var(--brand)}button.danger{background:var(--late);border-color:var(--late)}
.lifecycle{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:0 0 .6rem}.lifecycle li{flex:1;min-width:9rem;background:#fff;border:1px solid var(--line);border-radius:10px;padding:.5rem .7rem;display:grid}
.lifecycle li.past{border-color:#b7e4c7}.lifecycle li.current{border:2px solid var(--brand)}.lifecycle span{color:var(--muted);font-size:.85rem}
.notice{background:#e7f6ee;border:1px solid #b7e4c7;color:var(--ok);padding:.6rem .9rem;border-radius:10px}
.to-check{background:#fff7e6;border:1px solid #f3d19c;padding:.6rem .9rem;border-radius:10px;margin:0 0 1rem;display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap}.to-check p{margin:0}
@media (max-width:640px){.hide-sm{display:none}.bar{grid-template-columns:5rem 1fr 6.5rem}.split{grid-template-columns:1fr}}
`;

export function page(options: { title: string; language: Language; body: Html; signedIn?: boolean }): Html {
  const t = MESSAGES[options.language];
  const other = options.language === 'fr' ? 'en' : 'fr';
  return html`<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${t.appName}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
  <strong>${t.appName}</strong>
  ${
    options.signedIn === false
      ? ''
      : html`<nav><a href="/">${t.home}</a><a href="/customers">${t.customers}</a><a href="/documents">Documents</a><a href="/bank">${options.language === 'fr' ? 'Banque' : 'Bank'}</a><a href="/tasks">${options.language === 'fr' ? 'Tâches' : 'Tasks'}</a><a href="/plans">${options.language === 'fr' ? 'Plans' : 'Plans'}</a><a href="/templates">${options.language === 'fr' ? 'Modèles' : 'Templates'}</a><a href="/settings">${options.language === 'fr' ? 'Paramètres' : 'Settings'}</a></nav>
  <a href="?lang=${other}">${t.switchLang}</a>
  <form method="post" action="/logout" style="margin:0"><button type="submit">${t.signOut}</button></form>`
  }
</header>
<main>${options.body}</main>
</body>
</html>`;
}
