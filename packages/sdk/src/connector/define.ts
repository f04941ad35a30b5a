import type { Any } from "@bufbuild/protobuf/wkt";
import type { z } from "zod";
import { checkConfigNames } from "../cli/reserved.js";
import { BatonError, Code } from "../errors.js";
import type { HttpClient, HttpClientOptions } from "../http/index.js";
import type { Logger } from "../log.js";
import type {
  AccountInfo,
  Entitlement,
  Grant,
  LocalCredentialOptions,
  PlaintextData,
  Resource,
  ResourceId,
} from "../proto.js";
import type { SecretSet } from "../secrets.js";

/** Any JSON value: what a page cursor may hold (the SDK stores it in the checkpoint). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Trait = "user" | "group" | "role" | "app" | "secret";

/** Extra zod metadata our config fields understand: `z.string().meta({ secret: true })`. */
declare module "zod" {
  interface GlobalMeta {
    /** Redacted everywhere; marked isSecret in the `config` schema. */
    secret?: boolean;
    /** Not listed by --help (still accepted). */
    hidden?: boolean;
    /** One-letter flag alias, e.g. "f". */
    shorthand?: string;
    /** Override the flag name (default: the key in kebab-case). */
    flag?: string;
    /** Override the environment variable (default: BATON_ + upper-snake flag name). */
    env?: string;
    placeholder?: string;
    displayName?: string;
  }
}

/** A connector's configuration: one zod object, each key one flag/env var/YAML key. */
export type ConfigSchema = z.ZodObject;

/** What `client()` receives besides the validated config. */
export interface ClientContext {
  log: Logger;
  /**
   * An HTTP client preconfigured with the User-Agent, timeout, logger and the run's secrets. With
   * `auth` (e.g. `oauth2ClientCredentials({…})`) every request is authenticated by that provider and
   * what it issues is redacted everywhere.
   */
  http(
    options: Omit<HttpClientOptions, "userAgent" | "logger" | "timeoutMs"> & Partial<HttpClientOptions>,
  ): HttpClient;
  /**
   * The run's secrets: every configured secret value, and whatever the connector adds at run time
   * (`ctx.secrets.add(sessionToken)`), redacted from then on in every log line, error and HTTP client.
   */
  secrets: SecretSet;
  signal: AbortSignal;
  /**
   * The run's timeout per request (`--http-timeout-seconds`, default 300 000 ms): `ctx.http()` clients
   * have it already; a vendor reached otherwise (a CLI run per command) applies it itself.
   */
  timeoutMs: number;
}

/** What every handler receives. */
export interface HandlerContext<Client, Config = unknown> {
  client: Client;
  config: Config;
  log: Logger;
  signal: AbortSignal;
  /** Memoise a value for the rest of this run (e.g. the account type, read once per sync). */
  once<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Reports a value from the vendor that the connector does not know — `what` it is, the value, and
   * what the connector does instead (`"its grants are left out"`): one warning per `what` and value
   * for the whole run, listed in the sync's summary. Never fail a sync on vendor data the operator
   * cannot change.
   */
  unknownValue(what: string, value: string, effect: string): void;
}

/** One page of results. `next` undefined (or absent) means "no more pages". */
export interface Page<T, Cursor extends JsonValue = JsonValue> {
  items: T[];
  next?: Cursor | undefined;
}

export type PageResult<T, Cursor extends JsonValue> = Page<T, Cursor> | T[];

export type GrantOutcome = "granted" | "already-exists";
export type RevokeOutcome = "revoked" | "already-revoked";
export type DeleteOutcome = "deleted" | "already-gone";

export type CreateAccountOutcome =
  | { status: "created"; resource: Resource; secrets?: PlaintextData[] }
  | { status: "already-exists"; resource: Resource }
  | { status: "action-required"; message: string; resource?: Resource }
  | { status: "in-progress"; resource?: Resource };

export type CredentialOption = "no-password" | "random-password" | "sso" | "encrypted-password";

export interface ResourceTypeDefinition<Client, Cursor extends JsonValue = string, Config = unknown> {
  /** Resource type id, e.g. "group" — ConductorOne keys configuration on it. */
  id: string;
  displayName: string;
  description?: string;
  traits?: Trait[];
  /** Only listed under a parent that announces it (ChildResourceType); never at top level. */
  childOnly?: boolean;
  /** This type has no entitlements and grants (SkipEntitlementsAndGrants on the type). */
  skipEntitlementsAndGrants?: boolean;
  /**
   * Annotations of the stored ResourceType, e.g. `annotation(V1IdentifierSchema, { id })`. The
   * capabilities read CapabilityPermissions, OptInRequired, SkipSyncAnomalyDetection and Deprecated
   * from them; SkipEntitlementsAndGrants and SkipEntitlements here skip those phases for the type.
   */
  annotations?: Any[];
  /**
   * The type's entitlements are synced but never provisioned here, e.g. departments that the
   * vendor's HR sync manages: grants and revokes of them fail with FailedPrecondition and this
   * reason (and hint) instead of an Unimplemented "cannot grant", before any handler runs, and
   * capabilities show no provisioning for the type.
   */
  syncOnly?: { reason: string; hint?: string };

  /** One page of resources; `parent` is set when listing children of a resource. */
  list(
    ctx: HandlerContext<Client, Config> & { parent?: ResourceId; cursor?: Cursor },
  ): Promise<PageResult<Resource, Cursor>>;
  /** Entitlements of one resource (one page, or all of them as an array when there are few). */
  entitlements?(
    ctx: HandlerContext<Client, Config> & { resource: Resource; cursor?: Cursor },
  ): Promise<PageResult<Entitlement, Cursor>>;
  /** Grants on one resource's entitlements (one page). */
  grants?(
    ctx: HandlerContext<Client, Config> & { resource: Resource; cursor?: Cursor },
  ): Promise<PageResult<Grant, Cursor>>;
  /**
   * Grants read once per sync for the whole type, one page per call, where the vendor reports
   * memberships on the member: Zip returns each user with their roles, groups and department, so
   * the user type's typeGrants pages through the users once and returns every role, group and
   * department grant. The grants may be on entitlements of any type (build them with
   * `grant(ref("role", id), "assigned", ref("user", uid))` or from an Entitlement); the engine
   * stores each on its entitlement's resource and skips, with a warning, those whose entitlement
   * or principal is not in the sync. Runs in the grants phase whenever this type is synced.
   */
  typeGrants?(ctx: HandlerContext<Client, Config> & { cursor?: Cursor }): Promise<PageResult<Grant, Cursor>>;
  /** Fetch one resource by id: enables targeted sync (--sync-resources). */
  get?(
    ctx: HandlerContext<Client, Config> & { id: ResourceId; parent?: ResourceId },
  ): Promise<Resource | undefined>;

  /** Provisioning: give `principal` the entitlement (of a resource of this type). */
  grant?(
    ctx: HandlerContext<Client, Config> & { principal: Resource; entitlement: Entitlement },
  ): Promise<GrantOutcome>;
  /** Provisioning: take the grant away. */
  revoke?(ctx: HandlerContext<Client, Config> & { grant: Grant }): Promise<RevokeOutcome>;
  /** Account provisioning (this type is the account type, e.g. users). */
  createAccount?(
    ctx: HandlerContext<Client, Config> & { info: AccountInfo; credentials: LocalCredentialOptions },
  ): Promise<CreateAccountOutcome>;
  /** Credential options createAccount supports; the first is preferred. Default: ["no-password"]. */
  accountCredentialOptions?: CredentialOption[];
  /** Delete a resource of this type. */
  deleteResource?(
    ctx: HandlerContext<Client, Config> & { id: ResourceId; parent?: ResourceId },
  ): Promise<DeleteOutcome>;
  /** Rotate the credentials of a resource of this type; returns the new secrets. */
  rotateCredentials?(
    ctx: HandlerContext<Client, Config> & { id: ResourceId; credentials: LocalCredentialOptions },
  ): Promise<PlaintextData[]>;
  rotateCredentialOptions?: CredentialOption[];
}

/** What `validate()` may report about the vendor account the credentials reach. */
export interface ValidateResult {
  /**
   * The account, tenant or environment itself, as the vendor identifies it (Zendesk's account
   * subdomain, 1Password's account id, a PingOne environment id): a rerun whose credentials reach
   * another account never resumes this one's interrupted sync.
   */
  accountId?: string;
}

export interface ConnectorDefinition<Cfg extends ConfigSchema = ConfigSchema, Client = unknown> {
  /** Short name: the binary is `baton-<name>`, the User-Agent `baton-<name>/<version>`. */
  name: string;
  displayName: string;
  description?: string;
  helpUrl?: string;
  /** The connector package's version. */
  version: string;
  config: Cfg;
  /** Builds the vendor client from the validated config. No network calls here. */
  client(config: z.infer<Cfg>, ctx: ClientContext): Client | Promise<Client>;
  /** One cheap authenticated call that proves the credentials work; it may name the account. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a validate() that returns nothing stays valid
  validate?(ctx: HandlerContext<Client, z.infer<Cfg>>): Promise<void | ValidateResult>;
  /**
   * The most handler calls a sync runs at once (`--workers` above it is lowered, with a log line):
   * for vendors whose every call is costly, such as a CLI started per command. Default: no limit.
   */
  maxWorkers?: number;
  // biome-ignore lint/suspicious/noExplicitAny: each resource type has its own cursor type
  resourceTypes: ResourceTypeDefinition<Client, any, z.infer<Cfg>>[];
  /** Release the client (close pools, sign out). */
  close?(client: Client): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: erased connector type for SDK internals
export type AnyConnector = ConnectorDefinition<any, any>;

/**
 * Declares a connector. Checks the declaration and returns it unchanged: a lower-case kebab name,
 * unique resource type ids, and config keys that support flags and leave the standard flags,
 * shorthands and BATON_* variables alone (PingOne's client id is `pingoneClientId`, not `clientId`,
 * which would be the standard --client-id). A bad declaration throws a one-line BatonError.
 */
export function defineConnector<Cfg extends ConfigSchema, Client>(
  def: ConnectorDefinition<Cfg, Client>,
): ConnectorDefinition<Cfg, Client> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(def.name))
    throw new BatonError(Code.InvalidArgument, `connector name "${def.name}" must be lower-case kebab`, {
      hint: 'e.g. "pingone" or "google-workspace": the binary is baton-<name>',
    });
  const seen = new Set<string>();
  for (const rt of def.resourceTypes) {
    if (seen.has(rt.id))
      throw new BatonError(
        Code.InvalidArgument,
        `connector ${def.name}: resource type "${rt.id}" is declared twice`,
        {
          hint: "declare each resource type once",
        },
      );
    seen.add(rt.id);
  }
  try {
    checkConfigNames(def.name, def.config);
  } catch (e) {
    // describeFields names an unsupported field type in a plain Error.
    if (e instanceof BatonError) throw e;
    throw new BatonError(Code.InvalidArgument, `connector ${def.name}: ${(e as Error).message}`);
  }
  return def;
}

/**
 * Declares one resource type of a connector. Give the client type (and optionally the cursor and
 * config types) explicitly: `resourceType<ZendeskClient>({ id: "group", … })`.
 */
export function resourceType<Client, Cursor extends JsonValue = string, Config = unknown>(
  def: ResourceTypeDefinition<Client, Cursor, Config>,
): ResourceTypeDefinition<Client, Cursor, Config> {
  return def;
}
