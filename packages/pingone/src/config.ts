import { httpsUrl, z } from "@baton/sdk";

/**
 * PingOne regions and their top-level domains: an environment lives in one region and is served by
 * `auth.pingone.<tld>` (tokens) and `api.pingone.<tld>` (the Platform API) there.
 */
export const REGIONS = {
  NA: { tld: "com", name: "North America (excluding Canada)" },
  CA: { tld: "ca", name: "Canada" },
  EU: { tld: "eu", name: "European Union" },
  AP: { tld: "asia", name: "Asia-Pacific" },
  AU: { tld: "com.au", name: "Australia" },
  SG: { tld: "sg", name: "Singapore" },
} as const;
export type Region = keyof typeof REGIONS;
const REGION_CODES = Object.keys(REGIONS) as [Region, ...Region[]];

// PingOne ids (environments, users, groups, populations, roles, role assignments) are UUIDs.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isPingOneId = (value: string): boolean => UUID.test(value);

/**
 * The connector's settings. Each key is a flag (`--pingone-client-id`), an environment variable
 * (`BATON_PINGONE_CLIENT_ID`) and a YAML key: the names of ConductorOne's PingOne connector.
 */
export const config = z.object({
  pingoneClientId: z
    .string()
    .trim()
    .min(1)
    .meta({ placeholder: "client id" })
    .describe("Client ID of the PingOne worker application the connector signs in as"),
  pingoneClientSecret: z
    .string()
    .trim()
    .min(1)
    .meta({ secret: true })
    .describe("Client secret of that worker application"),
  pingoneEnvironmentId: z
    .string()
    .trim()
    .regex(UUID, "must be a PingOne environment ID: a UUID such as 5c9d2b1e-0f4a-4c35-9a2e-7d1f3b6c8e90")
    .transform((id) => id.toLowerCase())
    .meta({ placeholder: "environment id" })
    .describe("ID of the PingOne environment to sync (a UUID, shown under Environment > Properties)"),
  pingoneRegion: z
    .preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.enum(REGION_CODES))
    .default("NA")
    .describe("Region of the environment: NA, CA, EU, AP, AU or SG (api.pingone.com, .ca, .eu, .asia, …)"),
  pingoneApiUrl: httpsUrl()
    .optional()
    .describe(
      "Platform API base URL instead of https://api.pingone.<region domain>/v1 (a proxy or custom domain)",
    ),
  pingoneAuthUrl: httpsUrl()
    .optional()
    .describe(
      "Auth base URL instead of https://auth.pingone.<region domain>; tokens come from <url>/<environment id>/as/token",
    ),
});

export type PingOneConfig = z.infer<typeof config>;

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

/** The Platform API base, e.g. https://api.pingone.eu/v1. */
export const apiBaseUrl = (c: PingOneConfig): string =>
  withoutTrailingSlash(c.pingoneApiUrl ?? `https://api.pingone.${REGIONS[c.pingoneRegion].tld}/v1`);

/** The auth base, e.g. https://auth.pingone.eu. */
export const authBaseUrl = (c: PingOneConfig): string =>
  withoutTrailingSlash(c.pingoneAuthUrl ?? `https://auth.pingone.${REGIONS[c.pingoneRegion].tld}`);

/** The environment's token endpoint: `<auth base>/<environment id>/as/token`. */
export const tokenUrl = (c: PingOneConfig): string =>
  `${authBaseUrl(c)}/${encodeURIComponent(c.pingoneEnvironmentId)}/as/token`;
