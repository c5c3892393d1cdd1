/**
 * Company settings and dunning plans: small documents stored as single items. Missing items read as the
 * built-in defaults, so a fresh install works before anyone opens the settings page.
 */
import { type CompanySettings, DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import { DEFAULT_PLAN, type DunningPlan } from '#shared/domain/dunning/plan.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { PlanRepository, SettingsRepository } from '#shared/ports/reminders.ts';
import { keys } from './keys.ts';

export class DynamoSettingsRepository implements SettingsRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
    private readonly defaults: CompanySettings = DEFAULT_SETTINGS,
  ) {}

  async get(): Promise<CompanySettings> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.settings() });
    return (Item?.settings as CompanySettings | undefined) ?? this.defaults;
  }

  async put(settings: CompanySettings): Promise<void> {
    await this.db.put({ TableName: this.tableName, Item: { ...keys.settings(), entity: 'settings', settings } });
  }
}

export class DynamoPlanRepository implements PlanRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async list(): Promise<DunningPlan[]> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.plans() });
    const plans = Item?.plans as DunningPlan[] | undefined;
    return plans?.length ? plans : [DEFAULT_PLAN];
  }

  async replaceAll(plans: DunningPlan[]): Promise<void> {
    await this.db.put({ TableName: this.tableName, Item: { ...keys.plans(), entity: 'plans', plans } });
  }
}
