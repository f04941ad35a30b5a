// What each provisioning task asks of the connector, and the response ConductorOne gets back.
// Provisioning goes through the SDK's provisioning functions, so their retry rules apply here too.
import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { type Any, anyPack } from "@bufbuild/protobuf/wkt";
import type { AnyConnector, CreateAccountOutcome } from "../connector/define.js";
import { BatonError, Code } from "../errors.js";
import type { Task } from "../gen/c1/connectorapi/baton/v1/baton_pb.js";
import {
  CreateAccountResponseSchema,
  type CredentialOptions,
  DeleteResourceResponseSchema,
  GrantAlreadyExistsSchema,
  GrantAlreadyRevokedSchema,
  GrantManagerServiceGrantResponseSchema,
  GrantManagerServiceRevokeResponseSchema,
  GrantSchema,
  type LocalCredentialOptions,
  LocalCredentialOptionsSchema,
  type Resource,
  type ResourceId,
} from "../proto.js";
import { createAccount, deleteResource, provisionGrant, provisionRevoke } from "../provision/index.js";
import type { RuntimeOptions } from "../sync/runtime.js";

/** What a finished task reports: the response (packed in an Any) and its annotations. */
export interface TaskResult {
  response?: Any;
  annotations?: Any[];
}

export type TaskType = NonNullable<Task["taskType"]["case"]>;

/** Task types that change the vendor: served only with provisioning enabled. */
export const PROVISIONING_TASKS: ReadonlySet<TaskType> = new Set([
  "grant",
  "revoke",
  "createAccount",
  "createResource",
  "deleteResource",
  "rotateCredentials",
]);

/** A task that is missing what it needs: ConductorOne must not send it again. */
export const malformed = (what: string) =>
  new BatonError(Code.InvalidArgument, `malformed task: ${what}`, {
    hint: "ConductorOne sent an incomplete task; it is not retried",
  });

const pack = <D extends DescMessage>(schema: D, value: MessageShape<D>) => anyPack(schema, value);
const annotation = <D extends DescMessage>(schema: D) => anyPack(schema, create(schema));

function checkResourceId(id: ResourceId | undefined, what: string): ResourceId {
  if (!id?.resourceType || !id.resource) throw malformed(`${what} has no resource type and id`);
  return id;
}

function checkResource(r: Resource | undefined, what: string): Resource {
  if (!r) throw malformed(`no ${what}`);
  checkResourceId(r.id, what);
  return r;
}

const option = (o: CredentialOptions["options"]["case"]) =>
  o?.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) ?? "none";

/**
 * ConductorOne's credential options as the connector receives them. Options whose secret must be
 * decrypted from, or encrypted for, ConductorOne (a chosen or generated password, API keys, key
 * pairs, tokens) are refused before the vendor is called: this SDK does not encrypt credentials.
 */
export function localCredentials(o: CredentialOptions | undefined): LocalCredentialOptions | undefined {
  if (!o || o.options.case === undefined) return undefined;
  const force = o.forceChangeAtNextLogin;
  switch (o.options.case) {
    case "noPassword":
      return create(LocalCredentialOptionsSchema, {
        forceChangeAtNextLogin: force,
        options: { case: "noPassword", value: {} },
      });
    case "sso":
      return create(LocalCredentialOptionsSchema, {
        forceChangeAtNextLogin: force,
        options: { case: "sso", value: { ssoProvider: o.options.value.ssoProvider } },
      });
    default:
      throw new BatonError(
        Code.Unimplemented,
        `credential option ${option(o.options.case)} is not supported in service mode`,
        { hint: "its secret would have to be encrypted for ConductorOne; use no password or SSO" },
      );
  }
}

function createAccountResponse(o: CreateAccountOutcome) {
  const result = (() => {
    switch (o.status) {
      case "created":
        return { case: "success" as const, value: { resource: o.resource, isCreateAccountResult: true } };
      case "already-exists":
        return {
          case: "alreadyExists" as const,
          value: { resource: o.resource, isCreateAccountResult: true },
        };
      case "action-required":
        return {
          case: "actionRequired" as const,
          value: {
            message: o.message,
            isCreateAccountResult: true,
            ...(o.resource ? { resource: o.resource } : {}),
          },
        };
      case "in-progress":
        return {
          case: "inProgress" as const,
          value: { isCreateAccountResult: true, ...(o.resource ? { resource: o.resource } : {}) },
        };
    }
  })();
  return create(CreateAccountResponseSchema, { result });
}

/** Runs one provisioning task through the connector. Every error it throws is final (non-retryable). */
export async function provisionTask(
  connector: AnyConnector,
  config: unknown,
  task: Task,
  o: RuntimeOptions,
): Promise<TaskResult> {
  const t = task.taskType;
  switch (t.case) {
    case "grant": {
      const entitlement = t.value.entitlement;
      if (!entitlement?.id) throw malformed("grant task has no entitlement");
      checkResource(entitlement.resource, "entitlement resource");
      const principal = checkResource(t.value.principal, "principal");
      const outcome = await provisionGrant(connector, config, { ...o, entitlement, principal });
      const id = `${entitlement.id}:${principal.id!.resourceType}:${principal.id!.resource}`;
      const annotations = outcome === "already-exists" ? [annotation(GrantAlreadyExistsSchema)] : [];
      const response = create(GrantManagerServiceGrantResponseSchema, {
        annotations,
        grants: [create(GrantSchema, { entitlement, principal, id })],
      });
      return { response: pack(GrantManagerServiceGrantResponseSchema, response), annotations };
    }
    case "revoke": {
      const grant = t.value.grant;
      if (!grant) throw malformed("revoke task has no grant");
      if (!grant.entitlement?.id) throw malformed("revoke task's grant has no entitlement");
      checkResource(grant.entitlement.resource, "grant's entitlement resource");
      checkResource(grant.principal, "grant's principal");
      const outcome = await provisionRevoke(connector, config, { ...o, grant });
      const annotations = outcome === "already-revoked" ? [annotation(GrantAlreadyRevokedSchema)] : [];
      const response = create(GrantManagerServiceRevokeResponseSchema, { annotations });
      return { response: pack(GrantManagerServiceRevokeResponseSchema, response), annotations };
    }
    case "createAccount": {
      const info = t.value.accountInfo;
      if (!info) throw malformed("create account task has no account_info");
      const credentials = localCredentials(t.value.credentialOptions);
      const outcome = await createAccount(connector, config, {
        ...o,
        info,
        ...(credentials ? { credentials } : {}),
        ...(t.value.resourceTypeId ? { resourceType: t.value.resourceTypeId } : {}),
      });
      if (outcome.status === "created" && outcome.secrets?.length) {
        // Nothing can be encrypted for ConductorOne here, and plaintext never leaves the connector.
        o.logger?.warn("the connector returned credentials for the new account: not sent to ConductorOne", {
          count: outcome.secrets.length,
        });
      }
      const response = createAccountResponse(outcome);
      return { response: pack(CreateAccountResponseSchema, response) };
    }
    case "deleteResource": {
      const id = checkResourceId(t.value.resourceId, "delete task's resource");
      const parent = t.value.parentResourceId;
      if (parent && (!parent.resourceType || !parent.resource))
        throw malformed("delete task's parent has no resource type and id");
      await deleteResource(connector, config, {
        ...o,
        resourceType: id.resourceType,
        resourceId: id.resource,
        ...(parent ? { parent } : {}),
      });
      return { response: pack(DeleteResourceResponseSchema, create(DeleteResourceResponseSchema)) };
    }
    case "rotateCredentials": {
      const id = checkResourceId(t.value.resourceId, "rotate task's resource");
      const def = connector.resourceTypes.find((rt) => rt.id === id.resourceType);
      if (!def?.rotateCredentials) {
        throw new BatonError(
          Code.Unimplemented,
          `${connector.displayName} cannot rotate credentials of ${id.resourceType}`,
        );
      }
      // The new secret would have to be encrypted for ConductorOne, which this SDK does not do, so
      // nothing is rotated: a rotation whose result is lost would lock the account out.
      throw new BatonError(Code.Unimplemented, "credential rotation is not supported in service mode yet", {
        hint: "rotate with --rotate-credentials from the command line",
      });
    }
    case "createResource": {
      checkResource(t.value.resource, "resource to create");
      throw new BatonError(Code.Unimplemented, `${connector.displayName} cannot create resources`);
    }
    default:
      throw new BatonError(Code.Internal, `not a provisioning task: ${t.case ?? "none"}`);
  }
}
