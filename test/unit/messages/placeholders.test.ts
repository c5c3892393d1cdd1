/** The template language: unknown placeholders are errors when saved, missing values throw when rendered. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import { composeReminderEmail } from '#shared/domain/messages/compose.ts';
import {
  MissingPlaceholderValueError,
  renderTemplate,
  UnknownPlaceholderError,
  validateTemplate,
} from '#shared/domain/messages/placeholders.ts';
import { BUILT_IN_TEMPLATES, validateMessageTemplate } from '#shared/domain/messages/templates.ts';
import { message } from '../../adapters/messages/fixtures.ts';

describe('placeholders', () => {
  it('lists each unknown placeholder once, and unpaired braces', () => {
    expect(validateTemplate('Bonjour {{contact.firstName}}, {{ customer.name }}')).toEqual([]);
    expect(validateTemplate('{{contact.nickname}} {{totals.balance}} {{contact.nickname}} {{foo}}')).toEqual([
      'contact.nickname',
      'foo',
    ]);
    expect(validateTemplate('Montant {{totals.balance')).toEqual(['{{totals.balance']);
  });

  it('refuses a template naming an unknown placeholder, naming it and the part', () => {
    const template = { ...BUILT_IN_TEMPLATES.fr.friendly, closing: 'Cordialement, {{sender.nickname}}' };
    expect(() => validateMessageTemplate(template)).toThrow(UnknownPlaceholderError);
    expect(() => validateMessageTemplate(template)).toThrow('closing: unknown placeholder {{sender.nickname}}');
  });

  it('throws on a missing value instead of leaving a blank', () => {
    expect(renderTemplate('Hi {{contact.firstName}}', { 'contact.firstName': 'Marie' })).toBe('Hi Marie');
    expect(() => renderTemplate('Hi {{contact.firstName}}', {})).toThrow(MissingPlaceholderValueError);
    expect(() => renderTemplate('Hi {{contact.firstName}}', { 'contact.firstName': '  ' })).toThrow(
      'no value for {{contact.firstName}}',
    );
    expect(() => renderTemplate('Hi {{nobody}}', {})).toThrow(UnknownPlaceholderError);
  });

  it('a company template that uses a value the settings lack fails the message, never sends a blank', () => {
    const template = { ...BUILT_IN_TEMPLATES.fr.friendly, closing: 'Appelez-nous au {{sender.phone}}.' };
    const msg = message('friendly', { settings: { ...DEFAULT_SETTINGS } });
    expect(() => composeReminderEmail(msg, 'fr', { template })).toThrow('no value for {{sender.phone}}');
    const withPhone = message('friendly', { settings: { ...DEFAULT_SETTINGS, phone: '01 23 45 67 89' } });
    expect(composeReminderEmail(withPhone, 'fr', { template }).text).toContain('Appelez-nous au 01 23 45 67 89.');
  });
});
