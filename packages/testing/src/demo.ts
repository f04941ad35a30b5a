/**
 * A connector's demo mock: a stand-in vendor that the connector, run as a user runs it (`npx`, a
 * container), syncs against. A connector provides one as `startMock()` in `mock/server.ts`, built to
 * `mock/dist/server.js` and never published; the release tests start it for every connector.
 */
export interface DemoMock {
  /** Environment variables that point the connector at the mock and sign it in (BATON_* and the like). */
  env: Record<string, string>;
  /** Directories holding stand-in programs the connector runs (a fake vendor CLI), to put first on PATH. */
  path?: string[];
  close(): Promise<void>;
}

export interface DemoMockOptions {
  /** A directory the mock may keep files in that the connector reads or writes (a tenant file). */
  dir: string;
  /** Where the connector sees `dir`, when it runs elsewhere (a container's volume); default `dir`. */
  dirInConnector?: string;
}

export type StartDemoMock = (o: DemoMockOptions) => Promise<DemoMock>;
