// End to end through the real sync engine: a configured secret never reaches stdout, stderr or a log line.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineConnector, resourceType } from "../../src/connector/define.js";
import { cli, emptyDir } from "./harness.js";

const TOKEN = "zt-9f8e7d6c5b4a39281706";
const PASSWORD = "correct horse battery staple";

const leaky = defineConnector({
  name: "leaky",
  displayName: "Leaky",
  version: "0.0.1",
  config: z.object({
    apiToken: z.string().meta({ secret: true }),
    password: z.string().meta({ secret: true }),
    user: z.string(),
  }),
  client: (config, { log }) => {
    log.debug(`client for ${config.user} with token ${config.apiToken}`, {
      headers: { Authorization: `Bearer ${config.apiToken}`, "X-Other": "fine" },
      nested: { deep: [{ password: config.password }, `pw=${config.password}`] },
      error: new Error(`login failed for ${config.password}`),
    });
    log.info("raw request", { dump: "GET /x HTTP/1.1\r\nAuthorization: Basic dXNlcjpwYXNz\r\n" });
    return config;
  },
  resourceTypes: [
    resourceType<{ apiToken: string }>({
      id: "user",
      displayName: "User",
      list: async ({ client, log }) => {
        log.debug("listing users", { token: client.apiToken });
        throw new Error(
          `401 from vendor: token ${client.apiToken} is invalid (Authorization: Bearer ${client.apiToken})`,
        );
      },
    }),
  ],
});

describe("secrets", () => {
  it("can come from files named by $BATON_<NAME>_FILE (mounted Kubernetes Secrets) and are redacted", async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, "token"), `${TOKEN}\n`);
    writeFileSync(join(cwd, "password"), PASSWORD);
    const r = await cli(["--user", "ada", "--log-level", "debug", "--log-format", "json"], {
      connector: leaky,
      cwd,
      env: {
        BATON_API_TOKEN_FILE: join(cwd, "token"),
        BATON_PASSWORD_FILE: "password",
        BATON_FILE: join(cwd, "out.c1z"),
      },
    });
    expect(r.stderr).toContain("client for ada with token [REDACTED]");
    expect(r.stderr).toContain("error: 401 from vendor: token [REDACTED] is invalid");
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  for (const format of ["json", "console"]) {
    it(`never appear in output at debug level (${format})`, async () => {
      const cwd = emptyDir();
      writeFileSync(join(cwd, ".baton.yaml"), `password: ${PASSWORD}\n`);
      const r = await cli(
        ["--api-token", TOKEN, "--user", "ada", "--log-level", "debug", "--log-format", format],
        {
          connector: leaky,
          cwd,
          env: { BATON_FILE: join(cwd, "out.c1z") },
        },
      );
      const all = r.stdout + r.stderr;
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(
        "error: 401 from vendor: token [REDACTED] is invalid (Authorization: Bearer [REDACTED])\n",
      );
      expect(r.stderr).toContain("client for ada with token [REDACTED]");
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain(encodeURIComponent(PASSWORD));
      expect(all).not.toContain("dXNlcjpwYXNz");
      expect(all).toContain("fine");
    });
  }

  it("are not echoed back in configuration errors", async () => {
    const r = await cli(["--api-token", TOKEN, "--password", PASSWORD, "--bogus"], { connector: leaky });
    expect(r.stderr).toBe("error: unknown flag: --bogus (run baton-leaky --help to list the flags)\n");
    const missing = await cli(["--api-token", TOKEN], {
      connector: leaky,
      env: { BATON_PASSWORD: PASSWORD },
    });
    expect(missing.stderr).toBe(
      "error: invalid configuration: --user ($BATON_USER) is required (run baton-leaky --help to list the flags)\n",
    );
  });
});
