// One-shot provisioning: grant and revoke read the objects from the latest finished sync in the .c1z;
// none of these write to it.
//
// A write is never repeated behind the user's back. Create-account, delete-resource and
// rotate-credentials run once: a retry after a timeout, a reset or a 5xx could create a second
// account or lose the first new secret. Grant and revoke are tried again (3 attempts in all) only
// when the vendor certainly did not act on the failed request — a 429, or a request that never
// left — and the connector's check-then-act makes the repeat harmless.
import { existsSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { type C1zStore, openC1z } from "../c1z/index.js";
import type {
  AnyConnector,
  CreateAccountOutcome,
  CredentialOption,
  DeleteOutcome,
  GrantOutcome,
  RevokeOutcome,
} from "../connector/define.js";
import { BatonError, Code, isRetryable, toBatonError } from "../errors.js";
import {
  type AccountInfo,
  AccountInfoSchema,
  type Entitlement,
  type Grant,
  type LocalCredentialOptions,
  LocalCredentialOptionsSchema,
  type PlaintextData,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
} from "../proto.js";
import { type AnyResourceType, createRuntime, type Runtime, type RuntimeOptions } from "../sync/runtime.js";

export interface ProvisionOptions extends RuntimeOptions {
  /** The .c1z holding the latest sync (grant and revoke look objects up there). */
  file?: string;
}

async function withRuntime<T>(
  connector: AnyConnector,
  config: unknown,
  o: RuntimeOptions,
  fn: (rt: Runtime) => Promise<T>,
) {
  const rt = await createRuntime(connector, config, o);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Grant and revoke: another attempt only after a failure the vendor did not act on. */
const GRANT_POLICY = { attempts: 3, retryIf: (e: BatonError) => e.notProcessed };

/**
 * Runs a write that must not be repeated. A retryable failure is reported with what the user must
 * know: the vendor may have done the work before the connection failed.
 */
async function writeOnce<T>(rt: Runtime, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await rt.call(what, fn, { attempts: 1 });
  } catch (e) {
    const err = toBatonError(e);
    if (!isRetryable(err) || err.notProcessed) throw err;
    throw new BatonError(err.code, err.message, {
      hint: `${rt.connector.displayName} may have done the ${what} before the failure: sync and check before running it again`,
      ...(err.retryAfterMs !== undefined && { retryAfterMs: err.retryAfterMs }),
      cause: err,
    });
  }
}

async function withLatestSync<T>(file: string, fn: (store: C1zStore, syncId: string) => T): Promise<T> {
  if (!existsSync(file)) {
    throw new BatonError(Code.FailedPrecondition, `${file} does not exist`, {
      hint: "run a sync first (the same command without provisioning flags), or point --file at a synced .c1z",
    });
  }
  const store = await openC1z(file);
  try {
    const sync = store.latestFinishedSync();
    if (!sync) {
      throw new BatonError(Code.FailedPrecondition, `${file} has no finished sync`, {
        hint: "run a full sync first (the same command without provisioning flags)",
      });
    }
    return fn(store, sync.id);
  } finally {
    store.close();
  }
}

const notFound = (what: string, file: string, seeWith: string) =>
  new BatonError(Code.NotFound, `${what} is not in the latest sync of ${file}`, {
    hint: `list them with \`baton ${seeWith} -f ${file}\`, or sync again if it is new`,
  });

/** The stored entitlement with its resource replaced by the full stored resource. */
function hydrate(store: C1zStore, syncId: string, file: string, entitlementId: string): Entitlement {
  const ent = store.getEntitlement(syncId, entitlementId);
  if (!ent) throw notFound(`entitlement ${entitlementId}`, file, "entitlements");
  const rid = ent.resource?.id;
  const full = rid && store.getResource(syncId, rid.resourceType, rid.resource);
  if (full) ent.resource = full;
  return ent;
}

function provisioner(rt: Runtime, entitlement: Entitlement, op: "grant" | "revoke"): AnyResourceType {
  const typeId = entitlement.resource?.id?.resourceType ?? "";
  const def = rt.type(typeId);
  if (def.syncOnly) {
    throw new BatonError(
      Code.FailedPrecondition,
      `${rt.connector.displayName} cannot ${op} entitlements of ${typeId}: ${def.syncOnly.reason}`,
      { hint: def.syncOnly.hint },
    );
  }
  if (!def[op]) {
    throw new BatonError(
      Code.Unimplemented,
      `${rt.connector.displayName} cannot ${op} entitlements of ${typeId}`,
      {
        hint: "see `capabilities` for what this connector can provision",
      },
    );
  }
  return def;
}

export interface GrantRequest extends ProvisionOptions {
  entitlementId: string;
  principalType: string;
  principalId: string;
}

/** Grants an entitlement from the .c1z to a principal from the .c1z. */
export async function grantEntitlement(
  connector: AnyConnector,
  config: unknown,
  o: GrantRequest,
): Promise<GrantOutcome> {
  const file = o.file ?? "sync.c1z";
  const { entitlement, principal } = await withLatestSync(file, (store, syncId) => {
    const entitlement = hydrate(store, syncId, file, o.entitlementId);
    const principal = store.getResource(syncId, o.principalType, o.principalId);
    if (!principal) throw notFound(`principal ${o.principalType}:${o.principalId}`, file, "resources");
    return { entitlement, principal };
  });
  return provisionGrant(connector, config, { ...o, entitlement, principal });
}

export interface ProvisionGrantRequest extends RuntimeOptions {
  entitlement: Entitlement;
  principal: Resource;
}

/** Grants `entitlement` to `principal` as given (ConductorOne's grant tasks carry both). */
export async function provisionGrant(
  connector: AnyConnector,
  config: unknown,
  o: ProvisionGrantRequest,
): Promise<GrantOutcome> {
  return withRuntime(connector, config, o, async (rt) => {
    const def = provisioner(rt, o.entitlement, "grant");
    return rt.call(
      "grant",
      () => def.grant!({ ...rt.ctx, principal: o.principal, entitlement: o.entitlement }),
      GRANT_POLICY,
    );
  });
}

export interface RevokeRequest extends ProvisionOptions {
  grantId: string;
}

/** Revokes a grant from the .c1z. */
export async function revokeGrant(
  connector: AnyConnector,
  config: unknown,
  o: RevokeRequest,
): Promise<RevokeOutcome> {
  const file = o.file ?? "sync.c1z";
  const grant: Grant = await withLatestSync(file, (store, syncId) => {
    const g = store.getGrant(syncId, o.grantId);
    if (!g) throw notFound(`grant ${o.grantId}`, file, "grants");
    g.entitlement = hydrate(store, syncId, file, g.entitlement?.id ?? "");
    const pid = g.principal?.id;
    const principal = pid && store.getResource(syncId, pid.resourceType, pid.resource);
    if (principal) g.principal = principal;
    return g;
  });
  return provisionRevoke(connector, config, { ...o, grant });
}

export interface ProvisionRevokeRequest extends RuntimeOptions {
  /** With its entitlement (and that entitlement's resource) set. */
  grant: Grant;
}

/** Revokes `grant` as given (ConductorOne's revoke tasks carry it). */
export async function provisionRevoke(
  connector: AnyConnector,
  config: unknown,
  o: ProvisionRevokeRequest,
): Promise<RevokeOutcome> {
  return withRuntime(connector, config, o, async (rt) => {
    const def = provisioner(rt, o.grant.entitlement!, "revoke");
    return rt.call("revoke", () => def.revoke!({ ...rt.ctx, grant: o.grant }), GRANT_POLICY);
  });
}

function credentialOptions(preferred: CredentialOption | undefined) {
  switch (preferred) {
    case "random-password":
      return create(LocalCredentialOptionsSchema, {
        options: { case: "randomPassword", value: { length: 20n } },
      });
    case "sso":
      return create(LocalCredentialOptionsSchema, { options: { case: "sso", value: {} } });
    default:
      return create(LocalCredentialOptionsSchema, { options: { case: "noPassword", value: {} } });
  }
}

function accountInfo(o: CreateAccountRequest): AccountInfo {
  const profile = { ...(o.profile ?? {}) };
  if (o.login && profile.login === undefined) profile.login = o.login;
  if (o.email && profile.email === undefined) profile.email = o.email;
  return create(AccountInfoSchema, {
    emails: o.email ? [{ address: o.email, isPrimary: true }] : [],
    login: o.login ?? "",
    profile: profile as never,
  });
}

export interface CreateAccountRequest extends RuntimeOptions {
  login?: string;
  email?: string;
  profile?: Record<string, unknown>;
  resourceType?: string;
  /** The account as ConductorOne describes it; replaces login, email and profile. */
  info?: AccountInfo;
  /** Default: the resource type's preferred credential option. */
  credentials?: LocalCredentialOptions;
}

/** Creates an account; like the Go CLI, returned secrets are never printed. */
export async function createAccount(
  connector: AnyConnector,
  config: unknown,
  o: CreateAccountRequest,
): Promise<CreateAccountOutcome> {
  return withRuntime(connector, config, o, async (rt) => {
    const managers = [...rt.types.values()].filter((t) => t.createAccount);
    const def = o.resourceType
      ? rt.type(o.resourceType)
      : managers.length === 1
        ? managers[0]
        : rt.types.get("user");
    if (!def?.createAccount) {
      throw new BatonError(
        Code.Unimplemented,
        `${connector.displayName} cannot create accounts${o.resourceType ? ` of ${o.resourceType}` : ""}`,
      );
    }
    const info = o.info ?? accountInfo(o);
    const credentials = o.credentials ?? credentialOptions(def.accountCredentialOptions?.[0]);
    return writeOnce(rt, "account creation", () => def.createAccount!({ ...rt.ctx, info, credentials }));
  });
}

export interface ResourceRequest extends RuntimeOptions {
  resourceType: string;
  resourceId: string;
  /** The resource's parent, for connectors whose ids are only unique under one. */
  parent?: ResourceId;
}

export interface RotateRequest extends ResourceRequest {
  /** Default: the resource type's preferred credential option. */
  credentials?: LocalCredentialOptions;
}

/** Deletes a resource in the vendor (irreversible in most apps). */
export async function deleteResource(
  connector: AnyConnector,
  config: unknown,
  o: ResourceRequest,
): Promise<DeleteOutcome> {
  return withRuntime(connector, config, o, async (rt) => {
    const def = rt.type(o.resourceType);
    if (!def.deleteResource) {
      throw new BatonError(
        Code.Unimplemented,
        `${connector.displayName} cannot delete ${o.resourceType} resources`,
      );
    }
    const id = create(ResourceIdSchema, { resourceType: o.resourceType, resource: o.resourceId });
    const parent = o.parent ? { parent: o.parent } : {};
    return writeOnce(rt, "deletion", () => def.deleteResource!({ ...rt.ctx, id, ...parent }));
  });
}

/** Rotates a resource's credentials; the new secrets are returned to the caller, never logged. */
export async function rotateCredentials(
  connector: AnyConnector,
  config: unknown,
  o: RotateRequest,
): Promise<PlaintextData[]> {
  return withRuntime(connector, config, o, async (rt) => {
    const def = rt.type(o.resourceType);
    if (!def.rotateCredentials) {
      throw new BatonError(
        Code.Unimplemented,
        `${connector.displayName} cannot rotate credentials of ${o.resourceType}`,
      );
    }
    const id = create(ResourceIdSchema, { resourceType: o.resourceType, resource: o.resourceId });
    const credentials = o.credentials ?? credentialOptions(def.rotateCredentialOptions?.[0]);
    return writeOnce(rt, "credential rotation", () => def.rotateCredentials!({ ...rt.ctx, id, credentials }));
  });
}
