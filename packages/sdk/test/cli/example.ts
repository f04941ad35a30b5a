// A small connector for the CLI tests.
import { z } from "zod";
import { defineConnector, resourceType } from "../../src/connector/define.js";

export const SECRET = "s3cr3t-T0ken-value";

export const example = defineConnector({
  name: "acme",
  displayName: "Acme",
  version: "1.2.3",
  helpUrl: "https://example.com/acme",
  config: z.object({
    subdomain: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be an Acme subdomain such as "example"')
      .meta({ placeholder: "example", displayName: "Subdomain" })
      .describe("Acme subdomain"),
    apiToken: z.string().meta({ secret: true }).describe("Acme API token"),
    orgs: z.array(z.string()).default([]).describe("Only sync these organizations"),
    pageSize: z.number().int().min(1).max(100).default(50).describe("Page size"),
  }),
  client: (config) => ({ config }),
  resourceTypes: [
    resourceType<unknown>({ id: "user", displayName: "User", traits: ["user"], list: async () => [] }),
    resourceType<unknown>({
      id: "group",
      displayName: "Group",
      traits: ["group"],
      list: async () => [],
      grant: async () => "granted",
      revoke: async () => "revoked",
    }),
  ],
});
