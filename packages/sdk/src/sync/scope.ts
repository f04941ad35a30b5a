// What a checkpoint was taken for. A rerun resumes it only for the same connector, sync options,
// configuration, credentials and vendor account: anything else would finish one tenant's sync with
// another tenant's data. The secrets are kept only as a salted scrypt digest (a password stays as
// hard to guess from the file as scrypt makes it), the rest of the configuration as a SHA-256.
import { createHash, randomBytes, scryptSync } from "node:crypto";
import { z } from "zod";
import { describeFields } from "../config/fields.js";
import type { AnyConnector } from "../connector/define.js";

export const scopeSchema = z.object({
  /** `<name>@<version>`: a cursor's shape belongs to one version of one connector. */
  connector: z.string(),
  /** Type filters, targeted resources and skip flags. */
  options: z.string(),
  /** SHA-256 of the non-secret settings. */
  config: z.string(),
  secrets: z.object({ salt: z.string(), digest: z.string() }),
  /** The account `validate()` reported, if any. */
  account: z.string().optional(),
});
export type SyncScope = z.infer<typeof scopeSchema>;

export interface ScopeInput {
  connector: AnyConnector;
  config: unknown;
  /** The sync options that change what is synced, already in a stable form. */
  options: string;
  account: string | undefined;
}

/** JSON with object keys sorted, so that equal values give equal text. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function settings(connector: AnyConnector, config: unknown) {
  const values = (config ?? {}) as Record<string, unknown>;
  const plain: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const f of describeFields(connector.config))
    (f.secret ? secret : plain)[f.key] = values[f.key] ?? null;
  return { plain, secret };
}

const digestOf = (secret: Record<string, unknown>, salt: string) =>
  scryptSync(stableJson(secret), Buffer.from(salt, "base64"), 16, { N: 1 << 14, r: 8, p: 1 }).toString(
    "base64",
  );

/** The scope of a new sync, with a fresh salt. */
export function syncScope(i: ScopeInput): SyncScope {
  const { plain, secret } = settings(i.connector, i.config);
  const salt = randomBytes(16).toString("base64");
  return {
    connector: `${i.connector.name}@${i.connector.version}`,
    options: i.options,
    config: createHash("sha256").update(stableJson(plain)).digest("hex"),
    secrets: { salt, digest: digestOf(secret, salt) },
    ...(i.account === undefined ? {} : { account: i.account }),
  };
}

/** Why a checkpoint taken in `stored` must not be resumed now; undefined when it may. */
export function scopeMismatch(stored: SyncScope, i: ScopeInput): string | undefined {
  const now = syncScope(i);
  if (stored.connector !== now.connector) return `it was started by ${stored.connector}`;
  if (stored.options !== now.options) return "it was started with other sync options";
  if (stored.config !== now.config) return "it was started with another configuration";
  if (stored.secrets.digest !== digestOf(settings(i.connector, i.config).secret, stored.secrets.salt))
    return "it was started with other credentials";
  if ((stored.account ?? "") !== (now.account ?? ""))
    return `it was started for another account (${stored.account ?? "none"}, now ${now.account ?? "none"})`;
  return undefined;
}
