/** Where S3Objects sends a request: virtual-hosted style on AWS, path style on an emulator or for dotted names. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { objectLocation, S3Objects } from '#shared/platform/aws/s3.ts';

describe('objectLocation', () => {
  it('puts the bucket in the host name on AWS, the key encoded segment by segment', () => {
    expect(objectLocation('relance-prod-data', 'inbox/facture été (1).pdf', 'eu-west-3')).toEqual({
      endpoint: 'https://relance-prod-data.s3.eu-west-3.amazonaws.com',
      path: '/inbox/facture%20%C3%A9t%C3%A9%20%281%29.pdf',
    });
  });

  it('keeps a dotted bucket name in the path (a wildcard certificate covers one label only)', () => {
    expect(objectLocation('relance.prod.data', 'bank/x.xml', 'eu-west-3')).toEqual({
      path: '/relance.prod.data/bank/x.xml',
    });
  });

  it('uses path style on an emulator, whatever the name', () => {
    expect(objectLocation('relance-local', 'documents/a b.pdf')).toEqual({
      path: '/relance-local/documents/a%20b.pdf',
    });
  });
});

describe('S3Objects endpoint choice', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is AWS itself only with no endpoint given and none in the environment', () => {
    vi.stubEnv('AWS_ENDPOINT_URL', '');
    vi.stubEnv('AWS_ENDPOINT_URL_S3', '');
    expect(new S3Objects({ region: 'eu-west-3' }).service.isDefaultEndpoint()).toBe(true);
    expect(new S3Objects({ region: 'eu-west-3', endpoint: 'http://127.0.0.1:4569' }).service.isDefaultEndpoint()).toBe(
      false,
    );
    vi.stubEnv('AWS_ENDPOINT_URL_S3', 'http://127.0.0.1:4569');
    expect(new S3Objects({ region: 'eu-west-3' }).service.isDefaultEndpoint()).toBe(false);
  });
});
