// What a run does, as the Go SDK decides it: one write action, or a sync.
import { kebabCase } from "../config/names.js";
import type { StandardConfig } from "./standard.js";

export type Action =
  | { kind: "sync" }
  | { kind: "grant"; flag: string; entitlementId: string; principalType: string; principalId: string }
  | { kind: "revoke"; flag: string; grantId: string }
  | {
      kind: "create-account";
      flag: string;
      login?: string;
      email?: string;
      profile?: Record<string, unknown>;
      resourceType?: string;
    }
  | { kind: "delete"; flag: string; resourceType: string; resourceId: string }
  | { kind: "rotate"; flag: string; resourceType: string; resourceId: string };

type Key = keyof StandardConfig;

interface WriteFlags {
  keys: Key[];
  /** Keys of which at least one must be set when any key of the group is. */
  needs: Key[];
  /** All of `needs` (else at least one). */
  together: boolean;
}

// In the Go SDK's order: the first action whose flags are set wins.
const writeFlags: WriteFlags[] = [
  {
    keys: ["grantEntitlement", "grantPrincipal", "grantPrincipalType"],
    needs: ["grantEntitlement", "grantPrincipal", "grantPrincipalType"],
    together: true,
  },
  { keys: ["revokeGrant"], needs: ["revokeGrant"], together: true },
  {
    keys: ["createAccountLogin", "createAccountEmail", "createAccountProfile", "createAccountResourceType"],
    needs: ["createAccountLogin", "createAccountEmail", "createAccountProfile"],
    together: false,
  },
  {
    keys: ["deleteResource", "deleteResourceType"],
    needs: ["deleteResource", "deleteResourceType"],
    together: true,
  },
  {
    keys: ["rotateCredentials", "rotateCredentialsType"],
    needs: ["rotateCredentials", "rotateCredentialsType"],
    together: true,
  },
];

const flag = (k: Key) => `--${kebabCase(k)}`;
const isSet = (c: Partial<StandardConfig>, k: Key) => c[k] !== undefined;

const list = (flags: string[], word: string) =>
  flags.length <= 2 ? flags.join(` ${word} `) : `${flags.slice(0, -1).join(", ")} ${word} ${flags.at(-1)}`;

/**
 * Problems with how the standard flags are combined: one write action per run, each complete,
 * --skip-grants only with --sync-resources. Works on partial values so they are reported with the
 * other configuration problems.
 */
export function relationProblems(c: Partial<StandardConfig>): string[] {
  const problems: string[] = [];
  const used = writeFlags.filter((g) => g.keys.some((k) => isSet(c, k)));
  if (used.length > 1) {
    const first = used.map((g) => flag(g.keys.find((k) => isSet(c, k))!));
    problems.push(`${list(first, "and")} cannot be combined: give one write action per run`);
  }
  for (const g of used) {
    const missing = g.needs.filter((k) => !isSet(c, k));
    if (g.together && missing.length) {
      problems.push(
        `${list(g.needs.map(flag), "and")} are required together (missing ${list(missing.map(flag), "and")})`,
      );
    } else if (!g.together && missing.length === g.needs.length) {
      const given = g.keys.filter((k) => isSet(c, k)).map(flag);
      problems.push(`${list(given, "and")} needs ${list(g.needs.map(flag), "or")}`);
    }
  }
  if (c.skipGrants && !c.syncResources?.length) problems.push("--skip-grants needs --sync-resources");
  return problems;
}

/** The action of a valid configuration (see relationProblems): the first write action given, else sync. */
export function selectAction(c: StandardConfig): Action {
  if (c.grantEntitlement !== undefined) {
    return {
      kind: "grant",
      flag: "--grant-entitlement",
      entitlementId: c.grantEntitlement,
      principalType: c.grantPrincipalType!,
      principalId: c.grantPrincipal!,
    };
  }
  if (c.revokeGrant !== undefined) return { kind: "revoke", flag: "--revoke-grant", grantId: c.revokeGrant };
  const createKey = writeFlags[2]!.keys.find((k) => isSet(c, k));
  if (createKey) {
    return {
      kind: "create-account",
      flag: flag(createKey),
      ...(c.createAccountLogin === undefined ? {} : { login: c.createAccountLogin }),
      ...(c.createAccountEmail === undefined ? {} : { email: c.createAccountEmail }),
      ...(c.createAccountProfile === undefined ? {} : { profile: c.createAccountProfile }),
      ...(c.createAccountResourceType === undefined ? {} : { resourceType: c.createAccountResourceType }),
    };
  }
  if (c.deleteResource !== undefined) {
    return {
      kind: "delete",
      flag: "--delete-resource",
      resourceType: c.deleteResourceType!,
      resourceId: c.deleteResource,
    };
  }
  if (c.rotateCredentials !== undefined) {
    return {
      kind: "rotate",
      flag: "--rotate-credentials",
      resourceType: c.rotateCredentialsType!,
      resourceId: c.rotateCredentials,
    };
  }
  return { kind: "sync" };
}
