import { setupMswNetwork } from "@baton/testing";
import { afterAll, afterEach, beforeAll } from "vitest";

/** The package's MSW network: intercepts every request of the test process (undici included). */
export const network = setupMswNetwork();

/** Enables the network around the calling test file; handlers added with `network.use` last one test. */
export function useNetwork(): void {
  beforeAll(() => network.enable());
  afterEach(() => network.resetHandlers());
  afterAll(() => network.disable());
}
