/**
 * The company's message templates in the single table: one item per template id and language
 * (`TEMPLATE#{id}#{lang}`), listed through gsi1 (`TEMPLATES`). Validated before every write, so a stored
 * template never names an unknown placeholder.
 */
import { assertTemplateKey, type MessageTemplate, validateMessageTemplate } from '#shared/domain/messages/templates.ts';
import type { Language } from '#shared/domain/money.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { StoredTemplate, TemplateRepository } from '#shared/ports/messaging.ts';
import { keys } from './keys.ts';

function toStored(item: Record<string, unknown>): StoredTemplate {
  return {
    id: String(item.templateId),
    language: item.language === 'en' ? 'en' : 'fr',
    template: item.template as MessageTemplate,
    updatedAt: String(item.updatedAt),
  };
}

export class DynamoTemplateRepository implements TemplateRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async get(id: string, language: Language): Promise<StoredTemplate | undefined> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.template(id, language) });
    return Item ? toStored(Item) : undefined;
  }

  async put(id: string, language: Language, template: MessageTemplate, at: string): Promise<StoredTemplate> {
    assertTemplateKey(id, language);
    const clean = validateMessageTemplate(template);
    const stored: StoredTemplate = { id, language, template: clean, updatedAt: at };
    await this.db.put({
      TableName: this.tableName,
      Item: {
        ...keys.template(id, language),
        ...keys.templateList(id, language),
        entity: 'template',
        templateId: id,
        language,
        template: clean,
        updatedAt: at,
      },
    });
    return stored;
  }

  async remove(id: string, language: Language): Promise<void> {
    await this.db.delete({ TableName: this.tableName, Key: keys.template(id, language) });
  }

  async list(): Promise<StoredTemplate[]> {
    const out: StoredTemplate[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.query({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TEMPLATES' },
        ExclusiveStartKey: start,
      });
      out.push(...(res.Items ?? []).map(toStored));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
