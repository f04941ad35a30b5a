// Flag, shorthand and environment variable names a connector's config must leave to the SDK.
import type { FlagSpec } from "../config/argv.js";
import { type ConfigField, describeFields } from "../config/fields.js";
import { envName, kebabCase } from "../config/names.js";
import type { ConfigSchema } from "../connector/define.js";
import { BatonError, Code } from "../errors.js";
import { standardConfig } from "./standard.js";

/** Switches the command line handles itself, before any configuration is read. */
export const switches: FlagSpec[] = [
  { flag: "help", shorthand: "h", boolean: true, list: false },
  { flag: "version", boolean: true, list: false },
];

/**
 * The Go SDK's standard flags that this SDK does not implement (yet). A Go connector cannot declare
 * them either, and a connector that took one would break the day the SDK adds it.
 */
const goStandardFlags = [
  "applied-sync-id",
  "auth-method",
  "base-sync-id",
  "bulk-create-ticket",
  "bulk-ticket-template-path",
  "c1z-temp-dir",
  "compact-file-paths",
  "compact-output-path",
  "compact-sync-ids",
  "compact-syncs",
  "create-ticket",
  "diff-syncs",
  "event-feed",
  "event-feed-cursor",
  "event-feed-id",
  "event-feed-start-at",
  "external-resource-c1z",
  "external-resource-entitlement-id-filter",
  "external-resource-traits",
  "get-ticket",
  "health-check",
  "health-check-bind-address",
  "health-check-port",
  "invoke-action",
  "invoke-action-args",
  "invoke-action-resource-type",
  "invoke-resource-action",
  "invoke-resource-action-args",
  "invoke-resource-action-resource-type",
  "keep-previous-sync-c1z",
  "list-action-schemas",
  "list-action-schemas-resource-type",
  "list-resource-actions",
  "list-ticket-schemas",
  "log-event-log",
  "log-level-debug-expires-at",
  "log-path",
  "otel-collector-endpoint",
  "otel-collector-endpoint-tls-cert",
  "otel-collector-endpoint-tls-cert-path",
  "otel-collector-endpoint-tls-insecure",
  "otel-logging-disabled",
  "otel-tracing-disabled",
  "parallel-sync",
  "session-store-maximum-size",
  "storage-engine",
  "task-concurrency",
  "ticket-id",
  "ticket-template-path",
  "ticketing",
];

/** Environment variables the SDKs read that belong to no flag. */
const envOnly = [
  "BATON_C1_API_HOST",
  "BATON_C1Z_FINALIZE_TIMEOUT",
  "BATON_CONFIG_PATH",
  "BATON_CONNECTOR_SERVICE_LISTENER_FD",
  "BATON_DEBUG_PRINT_RESPONSE_BODY",
  "BATON_DECODER_MAX_DECODED_SIZE_MB",
  "BATON_DECODER_MAX_MEMORY_MB",
  "BATON_DISABLE_FCS_FAIL_FAST",
  "BATON_DISABLE_HTTP_CACHE",
  "BATON_DONT_FIX_CYCLES",
  "BATON_GET_TASKS",
  "BATON_GRAPH_EXPAND_MAX_DEPTH",
  "BATON_HOST_ID",
  "BATON_HTTP_CACHE_BACKEND",
  "BATON_HTTP_CACHE_MAX_SIZE",
  "BATON_HTTP_CACHE_TTL",
  "BATON_KEEP_SYNC_COUNT",
  "BATON_SESSION_SERVICE_ADDR",
  "BATON_SKIP_CLEANUP",
  "BATON_ZSTD_POOL_DISABLE",
];

interface Owner {
  /** How messages name what holds the name: "the standard --file". */
  label: string;
}

function reserved() {
  const flags = new Map<string, Owner>();
  const shorthands = new Map<string, Owner>();
  const envs = new Map<string, Owner>();
  const std = (flag: string) => ({ label: `the standard --${flag}` });
  for (const f of [...describeFields(standardConfig), ...switches]) {
    flags.set(f.flag, std(f.flag));
    if (f.shorthand) shorthands.set(f.shorthand, std(f.flag));
    envs.set("env" in f ? f.env : envName(f.flag), { label: `the variable of the standard --${f.flag}` });
  }
  for (const flag of goStandardFlags) {
    const owner = { label: `the Go SDK's standard --${flag}` };
    flags.set(flag, owner);
    envs.set(envName(flag), { label: `the variable of ${owner.label}` });
  }
  // cobra's --version shorthand in Go connectors.
  shorthands.set("v", { label: "--version in Go connectors" });
  for (const env of envOnly) envs.set(env, { label: "a variable the SDK reads for itself" });
  return { flags, shorthands, envs };
}

let cache: ReturnType<typeof reserved> | undefined;

/** `pingone` + `clientId` → `pingoneClientId`: the key with the vendor's name in front. */
function prefixed(connector: string, key: string): string {
  const vendor = connector.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return `${vendor}${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

function suggestion(connector: string, f: ConfigField): string {
  const key = prefixed(connector, f.key);
  const flag = kebabCase(key);
  return `prefix the key with the vendor's name: ${key} (--${flag}, $${envName(flag)})`;
}

/**
 * Throws a one-line BatonError when a config key would become a standard flag, shorthand or
 * environment variable (directly or through `.meta({ flag, env, shorthand })`), or when two keys
 * would become the same one. Run by defineConnector, so a clash fails where the connector is
 * declared rather than in its binary's --help.
 */
export function checkConfigNames(connector: string, schema: ConfigSchema): void {
  cache ??= reserved();
  const { flags, shorthands, envs } = cache;
  const fail = (message: string, hint: string) =>
    new BatonError(Code.InvalidArgument, `connector ${connector}: ${message}`, { hint });
  const fields = describeFields(schema);
  const seen = {
    flags: new Map<string, string>(),
    shorthands: new Map<string, string>(),
    envs: new Map<string, string>(),
  };
  for (const f of fields) {
    const key = `config key "${f.key}"`;
    const flagOwner = flags.get(f.flag);
    if (flagOwner) {
      const how = f.flag === kebabCase(f.key) ? "becomes" : `has .meta({ flag: "${f.flag}" }), which makes`;
      throw fail(`${key} ${how} --${f.flag}, ${flagOwner.label}`, suggestion(connector, f));
    }
    const envOwner = envs.get(f.env);
    if (envOwner) throw fail(`${key} reads $${f.env}, ${envOwner.label}`, suggestion(connector, f));
    if (f.shorthand) {
      const owner = shorthands.get(f.shorthand);
      if (owner)
        throw fail(
          `${key} has the shorthand -${f.shorthand} of ${owner.label}`,
          "choose another letter, or none",
        );
    }
    for (const [kind, name, label] of [
      ["flags", f.flag, `--${f.flag}`],
      ["envs", f.env, `$${f.env}`],
      ["shorthands", f.shorthand, `-${f.shorthand}`],
    ] as const) {
      if (name === undefined) continue;
      const other = seen[kind].get(name);
      if (other !== undefined)
        throw fail(`config keys "${other}" and "${f.key}" both use ${label}`, "rename one of them");
      seen[kind].set(name, f.key);
    }
  }
}
