/**
 * What each default step says, in French and English: the escalating tone, penalties only when the step names
 * them (and the company allows it), the mise en demeure wording, all open invoices with totals, how to pay.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '#shared/domain/dunning/plan.ts';
import {
  composeReminderEmail,
  composeReminderLetter,
  composeReminderSms,
  composeTask,
  escapeHtml,
  gsmLength,
} from '#shared/domain/messages/compose.ts';
import { validateTemplate } from '#shared/domain/messages/placeholders.ts';
import { BUILT_IN_TEMPLATE_IDS, BUILT_IN_TEMPLATES } from '#shared/domain/messages/templates.ts';
import type { Language } from '#shared/domain/money.ts';
import { customer, message, SETTINGS } from '../../adapters/messages/fixtures.ts';

const TONE: Record<Language, Record<string, RegExp>> = {
  fr: {
    courtesy: /vérifier qu’elle vous est bien parvenue et qu’elle est complète/,
    friendly: /sans doute d’un oubli.*déjà en route/s,
    formal: /Malgré notre premier rappel/,
    penalties: /Nos précédents rappels sont restés sans réponse/,
    'last-notice': /suspendre notre relation commerciale/,
    call: /Résultat à noter : promesse/,
    'formal-notice': /nous vous mettons en demeure de nous régler/,
    'collection-or-write-off': /organisme de recouvrement.*passer les factures en perte/s,
  },
  en: {
    courtesy: /check that you received it and that it is complete/,
    friendly: /probably an oversight.*already be on its way/s,
    formal: /Despite our first reminder/,
    penalties: /Our previous reminders went unanswered/,
    'last-notice': /stop our business relationship/,
    call: /Outcome to record: promise/,
    'formal-notice': /We hereby formally demand that you pay/,
    'collection-or-write-off': /collection agency.*write the invoices off/s,
  },
};

const MISE_EN_DEMEURE = {
  fr: [
    'vaut mise en demeure',
    'article 1344 du Code civil',
    'huit jours',
    'organisme de recouvrement',
    'juridiction compétente',
  ],
  en: [
    'formal notice to pay (mise en demeure)',
    'article 1344 of the French Civil Code',
    'eight days',
    'collection agency',
    'competent court',
  ],
};

const PENALTY_WORDS = { fr: ['L441-10', 'D441-5', 'pénalités'], en: ['L441-10', 'D441-5', 'penalties'] };

describe('every default step, in French and English', () => {
  it('has a built-in template per template id of the default plan, with only known placeholders', () => {
    for (const s of DEFAULT_PLAN.steps) expect(BUILT_IN_TEMPLATE_IDS).toContain(s.template);
    for (const language of ['fr', 'en'] as const) {
      for (const id of BUILT_IN_TEMPLATE_IDS) {
        for (const text of Object.values(BUILT_IN_TEMPLATES[language][id])) expect(validateTemplate(text)).toEqual([]);
      }
    }
  });

  for (const language of ['fr', 'en'] as const) {
    for (const s of DEFAULT_PLAN.steps) {
      it(`${language} · ${s.template}: tone, all invoices, penalties only when named, payment`, () => {
        const msg = message(s.template, { language });
        const email = composeReminderEmail(msg, language);
        const text = `${email.subject}\n${email.text}`;
        expect(text).toMatch(TONE[language][s.template]!);
        // All open invoices, with the balance and totals.
        for (const n of ['FA-2026-001', 'FA-2026-002', 'FA-2026-003']) expect(email.html).toContain(n);
        expect(email.text).toContain(language === 'fr' ? '645,50' : '645.50');
        expect(email.text).toMatch(language === 'fr' ? /2\s205,50/ : /2,205\.50/);
        expect(email.text).toContain(language === 'fr' ? '40 jours de retard' : '40 days late');
        // How to pay.
        expect(email.text).toContain('FR76 3000 6000 0112 3456 7890 189');
        expect(email.text).toContain('RF471234567890');
        expect(email.text).toContain(msg.portalUrl);
        // Penalties when, and only when, the step names them.
        const named = s.penalties !== 'none';
        for (const word of PENALTY_WORDS[language]) {
          if (named) expect(text).toContain(word);
          else expect(text.toLowerCase()).not.toContain(word.toLowerCase());
        }
        // The mise en demeure wording on the formal notice only.
        for (const [i, phrase] of MISE_EN_DEMEURE[language].entries()) {
          if (s.template === 'formal-notice') expect(email.text).toContain(phrase);
          // (the decision brief talks about collection too; the legal wording is the notice's alone)
          else if (i < 2) expect(email.text).not.toContain(phrase);
        }
        // Nothing left unrendered.
        expect(email.html).not.toMatch(/\{\{|\}\}/);
        expect(email.text).not.toMatch(/\{\{|\}\}/);
      });
    }
  }

  it('names the amounts: EUR 40 per late invoice, interest at 12.15 %, and claims them on the formal notice', () => {
    const penalties = composeReminderEmail(message('penalties'), 'fr').text;
    expect(penalties).toContain('12,15 %');
    expect(penalties).toMatch(/80,00\s€ d’indemnités forfaitaires/);
    // 1 200 € × 12.15 % × 40 / 365 = 15.98 €; 645.50 € × 12.15 % × 10 / 365 = 2.15 €.
    expect(penalties).toMatch(/40,00\s€ \+ 15,98\s€/);
    expect(penalties).toMatch(/40,00\s€ \+ 2,15\s€/);
    const notice = composeReminderEmail(message('formal-notice'), 'fr').text;
    // Claimed: overdue 1 845,50 + 80 + 18,13 = 1 943,63 €.
    expect(notice).toMatch(/la somme de 1\s943,63\s€ dans un délai de huit jours/);
    expect(notice).toMatch(/Total réclamé \(pénalités comprises\) : 1\s943,63\s€/);
  });

  it('says nothing about penalties when the company policy is off, whatever the step', () => {
    for (const template of ['penalties', 'last-notice', 'formal-notice']) {
      const email = composeReminderEmail(message(template, { settings: { ...SETTINGS, penaltyPolicy: 'off' } }), 'fr');
      expect(email.text).not.toMatch(/pénalit|L441-10|D441-5|indemnit/i);
    }
    const notice = composeReminderEmail(
      message('formal-notice', { settings: { ...SETTINGS, penaltyPolicy: 'off' } }),
      'fr',
    );
    expect(notice.text).toContain('vaut mise en demeure');
    expect(notice.text).toMatch(/la somme de 1\s845,50\s€/);
  });

  it('escapes every value in the HTML', () => {
    const c = customer({ legalName: '<script>alert(1)</script> & Cie' });
    const email = composeReminderEmail(message('friendly', { customer: c }), 'fr');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain(escapeHtml('<script>alert(1)</script> & Cie'));
    expect(email.text).toContain('<script>alert(1)</script> & Cie');
  });

  it('totals per currency when invoices are in several', () => {
    const msg = message('formal');
    msg.lines[2]!.invoice = { ...msg.lines[2]!.invoice, currency: 'USD' };
    const email = composeReminderEmail(msg, 'en');
    expect(email.text).toMatch(/Total outstanding: €1,845\.50 \+ US\$360\.00/);
  });

  it('greets the contact by first name, and formally on letters', () => {
    expect(composeReminderEmail(message('friendly', { language: 'en' }), 'en').text).toMatch(/^Dear Marie,/);
    const letter = composeReminderLetter({ ...message('formal-notice'), channel: 'registered_letter' }, 'fr');
    expect(letter.body[0]).toBe('Madame, Monsieur,');
    expect(letter.recipient.attention).toBe('À l’attention de Marie Dupont');
    expect(letter.registeredMention).toBe('Lettre recommandée avec accusé de réception');
    expect(letter.sender.identifiers).toEqual(['SIREN 732829320', 'N° TVA FR44732829320']);
  });

  it('writes one GSM SMS with the portal link, and call and decision tasks with a script', () => {
    for (const language of ['fr', 'en'] as const) {
      const msg = message('friendly', { language });
      const sms = composeReminderSms(msg, language);
      expect(gsmLength(sms)).toBeLessThanOrEqual(160);
      expect(sms).toContain(msg.portalUrl);
    }
    const call = composeTask(message('call'), 'fr');
    expect(call.title).toMatch(/^Appeler Boulangeries Martin & Fils SAS/);
    expect(call.script).toContain('Demander Marie Dupont');
    expect(call.script).toContain('FA-2026-001');
    const decision = composeTask(message('collection-or-write-off', { language: 'en' }), 'en');
    expect(decision.title).toBe('Decide: collection or write-off for Boulangeries Martin & Fils SAS');
  });
});
