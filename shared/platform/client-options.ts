/** What every SDK client factory takes: the region, and an endpoint and credentials for the local emulators. */
export interface ClientOptions {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}
