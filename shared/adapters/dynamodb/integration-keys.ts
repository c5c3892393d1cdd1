/**
 * Key values of the provider integrations' items (kept apart from keys.ts, which other records own):
 *   raw provider events  pk = EVENT#{provider}#{eventId}      sk = EVENT
 *                        gsi2pk = EVENTS#STATE#{received|failed}, gsi2sk = receivedAt#provider#eventId
 *                        (sparse: a processed event leaves the index, so the failed list stays short)
 *   connections          pk = CONNECTION#{provider}           sk = CONNECTION, gsi1pk = CONNECTIONS
 */
export const integrationKeys = {
  event: (provider: string, eventId: string) => ({ pk: `EVENT#${provider}#${eventId}`, sk: 'EVENT' }),
  eventByState: (state: 'received' | 'failed', receivedAt: string, provider: string, eventId: string) => ({
    gsi2pk: `EVENTS#STATE#${state}`,
    gsi2sk: `${receivedAt}#${provider}#${eventId}`,
  }),
  connection: (provider: string) => ({ pk: `CONNECTION#${provider}`, sk: 'CONNECTION' }),
  connectionList: (provider: string) => ({ gsi1pk: 'CONNECTIONS', gsi1sk: provider }),
};
