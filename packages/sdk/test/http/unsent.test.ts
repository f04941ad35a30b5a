// Requests that never left this machine: no MSW here, a real closed port on the loopback interface.
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Code } from "../../src/errors.js";
import { HttpClient } from "../../src/http/index.js";
import { rejection, UA } from "./harness.js";

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("a request that never left", () => {
  it("is retried whatever its method, and its error says it was not processed", async () => {
    const sleeps: number[] = [];
    const client = new HttpClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      userAgent: UA,
      maxRetries: 2,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    const err = await rejection(client.post("/users", { name: "x" }, z.unknown()));
    await client.close();
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toMatch(/^POST \/users failed: connect ECONNREFUSED .* \(after 3 attempts\)$/);
    expect(err.notProcessed).toBe(true);
    expect(sleeps).toHaveLength(2);
  });
});
