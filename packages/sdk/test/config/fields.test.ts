import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configTableRows, describeFields, envName, kebabCase } from "../../src/config/index.js";

describe("field names", () => {
  it("maps keys to kebab-case flags and BATON_ env vars", () => {
    expect(kebabCase("bazHqApiKey")).toBe("baz-hq-api-key");
    expect(kebabCase("apiURL")).toBe("api-url");
    expect(kebabCase("api_key")).toBe("api-key");
    expect(envName("api-key")).toBe("BATON_API_KEY");
  });

  it("always adds the BATON_ prefix, even to a field that starts with baton", () => {
    const [f] = describeFields(z.object({ batonZiphqApiKey: z.string() }));
    expect(f).toMatchObject({ flag: "baton-ziphq-api-key", env: "BATON_BATON_ZIPHQ_API_KEY" });
  });

  it("honours meta.flag and meta.env", () => {
    const [f] = describeFields(z.object({ token: z.string().meta({ flag: "op-token", env: "OP_TOKEN" }) }));
    expect(f).toMatchObject({ flag: "op-token", env: "OP_TOKEN" });
  });
});

describe("describeFields", () => {
  const schema = z.object({
    subdomain: z.string().describe("Zendesk subdomain").meta({ placeholder: "acme" }),
    apiToken: z.string().meta({ secret: true, displayName: "API token" }),
    orgs: z.array(z.string()).optional().describe("Only these organizations"),
    pageSize: z.number().int().min(1).default(100),
    email: z.email().optional(),
    verbose: z.boolean().default(false).meta({ hidden: true, shorthand: "v" }),
    mode: z.enum(["user", "service"]).default("user"),
    perms: z.array(z.enum(["read", "write"])).default([]),
    port: z.string().transform(Number),
  });

  it("derives kind, requiredness, defaults and metadata", () => {
    const fields = describeFields(schema).map(({ base, ...f }) => f);
    expect(fields).toEqual([
      {
        key: "subdomain",
        flag: "subdomain",
        env: "BATON_SUBDOMAIN",
        kind: "string",
        required: true,
        secret: false,
        hidden: false,
        description: "Zendesk subdomain",
        placeholder: "acme",
      },
      {
        key: "apiToken",
        flag: "api-token",
        env: "BATON_API_TOKEN",
        kind: "string",
        required: true,
        secret: true,
        hidden: false,
        displayName: "API token",
      },
      {
        key: "orgs",
        flag: "orgs",
        env: "BATON_ORGS",
        kind: "string-list",
        required: false,
        secret: false,
        hidden: false,
        description: "Only these organizations",
      },
      {
        key: "pageSize",
        flag: "page-size",
        env: "BATON_PAGE_SIZE",
        kind: "number",
        required: false,
        default: 100,
        secret: false,
        hidden: false,
      },
      {
        key: "email",
        flag: "email",
        env: "BATON_EMAIL",
        kind: "string",
        required: false,
        secret: false,
        hidden: false,
      },
      {
        key: "verbose",
        flag: "verbose",
        env: "BATON_VERBOSE",
        kind: "boolean",
        required: false,
        default: false,
        secret: false,
        hidden: true,
        shorthand: "v",
      },
      {
        key: "mode",
        flag: "mode",
        env: "BATON_MODE",
        kind: "enum",
        choices: ["user", "service"],
        required: false,
        default: "user",
        secret: false,
        hidden: false,
      },
      {
        key: "perms",
        flag: "perms",
        env: "BATON_PERMS",
        kind: "string-list",
        choices: ["read", "write"],
        required: false,
        default: [],
        secret: false,
        hidden: false,
      },
      {
        key: "port",
        flag: "port",
        env: "BATON_PORT",
        kind: "string",
        required: true,
        secret: false,
        hidden: false,
      },
    ]);
  });

  it("describes a preprocessed enum (a value accepted in any case) by its choices", () => {
    const region = z
      .preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), z.enum(["NA", "EU"]))
      .default("NA")
      .describe("Region");
    const [f] = describeFields(z.object({ region }));
    expect(f).toMatchObject({ kind: "enum", choices: ["NA", "EU"], default: "NA", description: "Region" });
  });

  it("rejects field types that have no flag form", () => {
    expect(() => describeFields(z.object({ nested: z.object({ a: z.string() }) }))).toThrow(
      'config field "nested": unsupported type "object"',
    );
    expect(() => describeFields(z.object({ ratio: z.number() }))).toThrow("numbers must be integers");
  });
});

describe("configTableRows", () => {
  it("names the _FILE variable of every secret next to its variable", () => {
    const rows = configTableRows(
      z.object({
        apiToken: z.string().meta({ secret: true }).describe("API token"),
        region: z.string().default("eu").describe("Region"),
      }),
    );
    expect(rows).toEqual([
      ["`--api-token`", "`BATON_API_TOKEN` or `BATON_API_TOKEN_FILE`", "yes", "yes", "", "API token"],
      ["`--region`", "`BATON_REGION`", "no", "no", "`eu`", "Region"],
    ]);
  });
});
