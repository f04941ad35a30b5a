import { describe, expect, it } from "vitest";
import { BatonError, type ConfigSchema, defineConnector, resourceType, runCli, z } from "../../src/index.js";

const users = resourceType<null>({ id: "user", displayName: "User", list: async () => [] });
const declare = (config: ConfigSchema, name = "pingone") =>
  defineConnector({
    name,
    displayName: "PingOne",
    version: "0.0.0",
    config,
    client: () => null,
    resourceTypes: [users],
  });

/** The one-line message (with its hint) that declaring `config` fails with. */
function refusal(config: ConfigSchema, name?: string): string {
  try {
    declare(config, name);
  } catch (e) {
    expect(e).toBeInstanceOf(BatonError);
    return (e as BatonError).describe();
  }
  throw new Error("the declaration was accepted");
}

describe("defineConnector: config names", () => {
  it("accepts keys prefixed with the vendor's name", () => {
    const c = declare(
      z.object({
        pingoneClientId: z.string(),
        pingoneClientSecret: z.string().meta({ secret: true }),
        pingoneEnvironmentId: z.string(),
        region: z.enum(["NA", "EU"]).default("NA").meta({ shorthand: "r" }),
      }),
    );
    expect(c.name).toBe("pingone");
  });

  it("rejects a key that becomes a standard flag, naming the key and a prefixed name", () => {
    expect(refusal(z.object({ clientId: z.string() }))).toBe(
      'connector pingone: config key "clientId" becomes --client-id, the standard --client-id ' +
        "(prefix the key with the vendor's name: pingoneClientId (--pingone-client-id, $BATON_PINGONE_CLIENT_ID))",
    );
    for (const key of [
      "file",
      "logLevel",
      "provisioning",
      "skipGrants",
      "workers",
      "syncResources",
      "help",
      "version",
    ])
      expect(refusal(z.object({ [key]: z.string().optional() }))).toMatch(`config key "${key}" becomes`);
  });

  it("rejects the Go SDK's standard flags this SDK does not implement yet", () => {
    expect(refusal(z.object({ ticketing: z.boolean() }))).toMatch(
      /config key "ticketing" becomes --ticketing, the Go SDK's standard --ticketing/,
    );
    expect(refusal(z.object({ logPath: z.string() }))).toMatch(/--log-path/);
  });

  it("checks the flag, env and shorthand overrides too", () => {
    expect(refusal(z.object({ verbosity: z.string().meta({ flag: "log-level" }) }))).toMatch(
      'config key "verbosity" has .meta({ flag: "log-level" }), which makes --log-level, the standard --log-level',
    );
    expect(refusal(z.object({ output: z.string().meta({ env: "BATON_FILE" }) }))).toMatch(
      'config key "output" reads $BATON_FILE, the variable of the standard --file',
    );
    expect(refusal(z.object({ configPath: z.string() }))).toMatch(
      'config key "configPath" reads $BATON_CONFIG_PATH, a variable the SDK reads for itself',
    );
    for (const [letter, owner] of [
      ["f", "the standard --file"],
      ["p", "the standard --provisioning"],
      ["h", "the standard --help"],
      ["v", "--version in Go connectors"],
    ])
      expect(refusal(z.object({ pingoneFolder: z.string().meta({ shorthand: letter }) }))).toBe(
        `connector pingone: config key "pingoneFolder" has the shorthand -${letter} of ${owner} (choose another letter, or none)`,
      );
  });

  it("rejects two keys that become the same flag, env var or shorthand", () => {
    expect(refusal(z.object({ apiKey: z.string(), api_key: z.string() }))).toBe(
      'connector pingone: config keys "apiKey" and "api_key" both use --api-key (rename one of them)',
    );
    expect(
      refusal(z.object({ a: z.string().meta({ env: "BATON_X" }), b: z.string().meta({ env: "BATON_X" }) })),
    ).toMatch('config keys "a" and "b" both use $BATON_X');
    expect(
      refusal(z.object({ a: z.string().meta({ shorthand: "x" }), b: z.string().meta({ shorthand: "x" }) })),
    ).toMatch('config keys "a" and "b" both use -x');
  });

  it("names the vendor in the suggestion for kebab connector names", () => {
    expect(refusal(z.object({ clientSecret: z.string() }), "google-workspace")).toMatch(
      "googleWorkspaceClientSecret (--google-workspace-client-secret, $BATON_GOOGLE_WORKSPACE_CLIENT_SECRET)",
    );
  });

  it("reports an unsupported field type, and other declaration mistakes, in one line", () => {
    expect(refusal(z.object({ pingoneRatio: z.number() }))).toBe(
      'connector pingone: config field "pingoneRatio": numbers must be integers (z.number().int())',
    );
    expect(refusal(z.object({}), "PingOne")).toMatch(/connector name "PingOne" must be lower-case kebab/);
  });

  it("a connector declared without defineConnector gets the same message from its binary, even for --help", async () => {
    let stderr = "";
    const code = await runCli(
      {
        name: "pingone",
        displayName: "PingOne",
        version: "0",
        config: z.object({ clientId: z.string() }),
        client: () => null,
        resourceTypes: [users],
      },
      {
        argv: ["--help"],
        env: {},
        stdout: { write: () => true },
        stderr: { write: (s: string) => (stderr += s) },
      },
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error: connector pingone: config key "clientId" becomes --client-id/);
  });
});
