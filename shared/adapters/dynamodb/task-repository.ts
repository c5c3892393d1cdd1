/**
 * Tasks (calls, letters to post, decisions) in the single table: `TASK#id`, with the work list by state on gsi2
 * (`TASKS#STATE#open`, oldest first). A task's id comes from its reminder, so creating it twice keeps one.
 */
import { ConcurrentUpdateError } from '#shared/domain/errors.ts';
import type { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { Task, TaskKind, TaskRepository } from '#shared/ports/tasks.ts';
import { clampLimit, isConditionalCheckFailed, stripStorage } from './dynamo-helpers.ts';
import { keys } from './keys.ts';

function item(task: Task, rev: number): Record<string, unknown> {
  return {
    ...task,
    ...keys.task(task.id),
    ...keys.taskByState(task.state, task.createdAt, task.id),
    entity: 'task',
    rev,
  };
}

export class DynamoTaskRepository implements TaskRepository {
  constructor(
    private readonly db: DynamoDocuments,
    private readonly tableName: string,
  ) {}

  async create(task: Task): Promise<Task> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: item(task, 1),
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return task;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(task.id);
      if (!existing) throw error;
      return existing.task;
    }
  }

  async get(id: string): Promise<{ task: Task; rev: number } | undefined> {
    const { Item } = await this.db.get({ TableName: this.tableName, Key: keys.task(id), ConsistentRead: true });
    if (!Item) return undefined;
    return { task: stripStorage(Item) as unknown as Task, rev: Number(Item.rev) };
  }

  async update(task: Task, expectedRev: number): Promise<void> {
    try {
      await this.db.put({
        TableName: this.tableName,
        Item: item(task, expectedRev + 1),
        ConditionExpression: 'rev = :rev',
        ExpressionAttributeValues: { ':rev': expectedRev },
      });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentUpdateError('task', task.id);
      throw error;
    }
  }

  listOpen(options: { kind?: TaskKind; limit?: number } = {}): Promise<Task[]> {
    return this.list('open', true, options);
  }

  listDone(options: { limit?: number } = {}): Promise<Task[]> {
    return this.list('done', false, options);
  }

  private async list(
    state: string,
    oldestFirst: boolean,
    options: { kind?: TaskKind; limit?: number },
  ): Promise<Task[]> {
    const limit = clampLimit(options.limit, 200);
    const out: Task[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.db.query({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `TASKS#STATE#${state}` },
        ScanIndexForward: oldestFirst,
        Limit: limit,
        ExclusiveStartKey: start,
      });
      for (const i of res.Items ?? []) {
        const task = stripStorage(i) as unknown as Task;
        if (!options.kind || task.kind === options.kind) out.push(task);
      }
      start = res.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out.slice(0, limit);
  }
}
