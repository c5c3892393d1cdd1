/**
 * EventBridge Scheduler CreateSchedule and DeleteSchedule (REST-JSON: POST and DELETE /schedules/{Name}). The
 * input is the SDK's own type; the name goes in the path, the group and client token of a delete in the query.
 */
import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import type { ClientOptions } from './aws-service.ts';
import { pathLabel, RestJsonClient } from './rest-json.ts';

export type CreateScheduleInput = CreateScheduleCommandInput & { Name: string };

export class EventBridgeSchedules {
  readonly client: RestJsonClient;

  constructor(options: ClientOptions) {
    this.client = new RestJsonClient(
      { name: 'Scheduler', signingName: 'scheduler', endpointPrefix: 'scheduler', envKey: 'SCHEDULER' },
      options,
    );
  }

  createSchedule(input: CreateScheduleInput): Promise<{ ScheduleArn?: string }> {
    const { Name, ...body } = input;
    return this.client.call('CreateSchedule', input, { method: 'POST', path: `/schedules/${pathLabel(Name)}`, body });
  }

  async deleteSchedule(input: { Name: string; GroupName?: string; ClientToken?: string }): Promise<void> {
    await this.client.call('DeleteSchedule', input, {
      method: 'DELETE',
      path: `/schedules/${pathLabel(input.Name)}`,
      query: { groupName: input.GroupName, clientToken: input.ClientToken },
    });
  }
}
