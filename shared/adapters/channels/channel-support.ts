/** What every channel does the same way: the message's language and the company's template for its step. */
import type { PlanStep } from '#shared/domain/dunning/plan.ts';
import type { MessageTemplate } from '#shared/domain/messages/templates.ts';
import type { Language } from '#shared/domain/money.ts';
import type { TemplateRepository } from '#shared/ports/messaging.ts';
import type { ReminderMessage } from '#shared/ports/reminders.ts';

export function messageLanguage(message: ReminderMessage): Language {
  const language = message.customer.language ?? message.settings.defaultLanguage;
  return language === 'en' ? 'en' : 'fr';
}

/** The company's version of the step's template, if it wrote one (the composer falls back to ours). */
export async function templateOverride(
  templates: TemplateRepository | undefined,
  step: PlanStep,
  language: Language,
): Promise<MessageTemplate | undefined> {
  return (await templates?.get(step.template, language))?.template;
}
