// The SDK's own flags (the Go SDK's names, defaults and BATON_* variables), declared like a connector's config.
import { z } from "zod";

const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const jsonObject = z.string().transform((s, ctx) => {
  try {
    const v: unknown = JSON.parse(s);
    if (isJsonObject(v)) return v;
  } catch {}
  ctx.addIssue({ code: "custom", message: 'must be a JSON object such as {"firstName":"Ada"}' });
  return z.NEVER;
});

export const standardConfig = z.object({
  file: z
    .string()
    .min(1)
    .default("sync.c1z")
    .meta({ shorthand: "f" })
    .describe("The .c1z file a sync writes and write actions read"),
  logLevel: z
    .enum(["debug", "info", "warn", "error"])
    .default("info")
    .describe("Log level: debug, info, warn or error"),
  logFormat: z
    .enum(["json", "console"])
    .optional()
    .describe("Log format: json or console (default: console when stderr is a terminal, else json)"),
  httpTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(1800)
    .default(300)
    .describe("Timeout of each HTTP request to the vendor, in seconds (1 to 1800)"),

  syncResourceTypes: z
    .array(z.string())
    .default([])
    .describe("Only sync these resource types, e.g. user,group"),
  syncResources: z
    .array(z.string())
    .default([])
    .describe("Targeted sync of these resources, given as Baton ids bid:r:<type>/<id>"),
  skipEntitlementsAndGrants: z
    .boolean()
    .default(false)
    .describe("Sync resources only, without entitlements and grants"),
  skipGrants: z
    .boolean()
    .default(false)
    .describe("Sync entitlements but not grants (only with --sync-resources)"),
  workers: z
    .number()
    .int()
    .min(-1)
    .default(0)
    .describe("Connector calls in flight at once during a sync (0 or -1: the SDK default of 8)"),

  provisioning: z
    .boolean()
    .default(false)
    .meta({ shorthand: "p" })
    .describe(
      "Allow changes to the app: confirms a write flag below; in service mode, serves ConductorOne's grant, revoke, create-account and delete tasks",
    ),
  grantEntitlement: z
    .string()
    .optional()
    .describe("Grant: the entitlement id as stored in --file, e.g. group:123:member"),
  grantPrincipal: z.string().optional().describe("Grant: the id of the principal that receives it, e.g. 456"),
  grantPrincipalType: z.string().optional().describe("Grant: the resource type of the principal, e.g. user"),
  revokeGrant: z
    .string()
    .optional()
    .describe("Revoke: the grant id as stored in --file, e.g. group:123:member:user:456"),
  createAccountLogin: z.string().optional().describe("Create account: the login of the new account"),
  createAccountEmail: z.string().optional().describe("Create account: the email address of the new account"),
  createAccountProfile: jsonObject
    .optional()
    .describe('Create account: more profile fields as a JSON object, e.g. {"firstName":"Ada"}'),
  createAccountResourceType: z
    .string()
    .optional()
    .describe("Create account: the resource type that creates it (default: the only one that can)"),
  deleteResource: z.string().optional().describe("Delete: the id of the resource to delete"),
  deleteResourceType: z.string().optional().describe("Delete: the resource type of that resource"),
  rotateCredentials: z
    .string()
    .optional()
    .describe("Rotate: the id of the resource whose credentials to rotate"),
  rotateCredentialsType: z.string().optional().describe("Rotate: the resource type of that resource"),

  clientId: z
    .string()
    .optional()
    .describe("ConductorOne client id: with --client-secret, run as a ConductorOne service (service mode)"),
  clientSecret: z
    .string()
    .optional()
    .meta({ secret: true })
    .describe("ConductorOne client secret (secret-token:conductorone.com:v1:…) for service mode"),
  taskConcurrency: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe("Service mode: tasks run at once (1 to 100)"),
  skipFullSync: z.boolean().default(false).describe("Service mode: answer sync tasks with an empty sync"),
  healthCheck: z
    .boolean()
    .default(false)
    .describe(
      "Service mode: serve GET /live, /ready and /health over HTTP for liveness and readiness probes",
    ),
  healthCheckPort: z
    .number()
    .int()
    .min(1)
    .max(65535)
    .default(8081)
    .describe("Service mode: the health check port"),
  healthCheckBindAddress: z
    .string()
    .min(1)
    .default("127.0.0.1")
    .meta({ hidden: true })
    .describe("Service mode: the address the health checks listen on (0.0.0.0 for Kubernetes probes)"),
  c1zTempDir: z
    .string()
    .min(1)
    .optional()
    .meta({ hidden: true })
    .describe(
      "Service mode: where each sync's private temporary directory is made (default the OS temp dir)",
    ),
});

export type StandardConfig = z.output<typeof standardConfig>;

/** SDK operations settings that the `config` schema lists with isOps. */
export const opsFlags: ReadonlySet<string> = new Set([
  "log-level",
  "http-timeout-seconds",
  "health-check",
  "health-check-port",
  "health-check-bind-address",
]);
