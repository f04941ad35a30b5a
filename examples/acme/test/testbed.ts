// What each engine test file sets up: MSW on the network, and a fresh directory per test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupMswNetwork, useMswNetwork } from "@baton/testing";
import { afterEach, beforeEach } from "vitest";

export function testbed(prefix: string) {
  const network = setupMswNetwork();
  useMswNetwork(network);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  /** A path in this test's directory. */
  return { network, path: (name: string) => join(dir, name) };
}
