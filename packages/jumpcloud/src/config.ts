import { httpsUrl, z } from "@baton/sdk";
import { OBJECT_ID } from "./schemas.js";

/** JumpCloud's US console; EU organizations use https://console.eu.jumpcloud.com. */
export const DEFAULT_BASE_URL = "https://console.jumpcloud.com";

/** The console's origin (or a proxy's URL): API paths (/api, /api/v2) are added to it. */
const withoutApiPath = (value: string) =>
  !URL.canParse(value) || !/\/api(\/v2)?\/?$/.test(new URL(value).pathname);

/** The connector's settings: each key is a flag (`--api-key`), an env var (`BATON_API_KEY`) and a YAML key. */
export const config = z.object({
  apiKey: z
    .string()
    .min(1)
    .refine((k) => !/\s/.test(k), "must not contain spaces or line breaks (check how the key was copied)")
    .meta({ secret: true })
    .describe("JumpCloud API key of an administrator (Admin Portal > your name > My API Key)"),
  orgId: z
    .string()
    .regex(OBJECT_ID, "must be a JumpCloud organization ID: 24 hexadecimal characters")
    .optional()
    .meta({ placeholder: "5f0c1a2b3c4d5e6f7a8b9c0d" })
    .describe(
      "Organization ID, sent as x-org-id: needed with a multi-tenant (MSP) administrator's API key (Settings > Organization Profile)",
    ),
  baseUrl: httpsUrl()
    .refine(withoutApiPath, "must be the console URL without /api, e.g. https://console.eu.jumpcloud.com")
    .default(DEFAULT_BASE_URL)
    .describe(
      "JumpCloud console URL (https://console.eu.jumpcloud.com for the EU region), a proxy or a test server",
    ),
});

export type JumpCloudConfig = z.infer<typeof config>;
