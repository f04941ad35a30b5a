import { httpsUrl, z } from "@baton/sdk";

/** Zip's production REST host; resources sit directly under it (`/users`, no version prefix). */
export const DEFAULT_BASE_URL = "https://api.ziphq.com";

/**
 * The connector's settings. ConductorOne's ZipHQ connector names them `--baton-ziphq-api-key` and
 * `--baton-ziphq-base-url`, so their variables carry the prefix twice: `BATON_BATON_ZIPHQ_API_KEY`.
 */
export const config = z.object({
  batonZiphqApiKey: z
    .string()
    // A key pasted with a trailing newline (`echo key | kubectl create secret …`) is still the key.
    .trim()
    .min(1)
    .meta({ secret: true, displayName: "API key" })
    .describe("Zip API key, sent as the Zip-Api-Key header (Company settings > API > Create API key)"),
  batonZiphqBaseUrl: httpsUrl()
    .transform((url) => url.replace(/\/+$/, ""))
    .default(DEFAULT_BASE_URL)
    .meta({ displayName: "Base URL" })
    .describe("Zip API base URL, e.g. https://api.ziphq.com, or the host your Zip API documentation names"),
});

export type ZiphqConfig = z.infer<typeof config>;
