import { httpsUrl, z } from "@baton/sdk";

// Zendesk account subdomains, as the Go connector validates them:
// lower-case letters, digits and inner hyphens, at least three characters, no dots.
const SUBDOMAIN = /^[a-z0-9][a-z0-9-]+[a-z0-9]$/;

/** The connector's settings: each key is a flag (`--api-token`), an env var (`BATON_API_TOKEN`) and a YAML key. */
export const config = z.object({
  subdomain: z
    .string()
    .regex(SUBDOMAIN, 'must be a Zendesk subdomain such as "acme" (for acme.zendesk.com), not a URL')
    .meta({ placeholder: "acme" })
    .describe("Zendesk subdomain: acme for https://acme.zendesk.com"),
  email: z
    .email()
    .meta({ placeholder: "admin@acme.com" })
    .describe("Email address of the Zendesk admin the API token belongs to"),
  apiToken: z
    .string()
    .min(1)
    .meta({ secret: true })
    .describe("Zendesk API token (Admin Center > Apps and integrations > Zendesk API)"),
  orgs: z
    .array(z.string().min(1))
    .default([])
    .describe("Only sync the organizations with these exact names (default: all)"),
  // https anywhere; plain http only to this machine (a local proxy or a test server).
  baseUrl: httpsUrl()
    .optional()
    .describe("API base URL instead of https://<subdomain>.zendesk.com, e.g. a proxy or a test server"),
});

export type ZendeskConfig = z.infer<typeof config>;

/** Where API requests go: the configured base URL, or the account's own Zendesk host. */
export const apiBaseUrl = (c: ZendeskConfig): string => c.baseUrl ?? `https://${c.subdomain}.zendesk.com`;
