// One method per `op` command the connector runs (op 2.x: `user list`, `group user list`, `vault
// group list`, …, each with --format=json).
import { BatonError, Code, type Logger, SecretSet, type z } from "@baton/sdk";
import { serviceAuth, UserAuth } from "./op/auth.js";
import { type Auth, INSTALL_HINT, OpRunner } from "./op/runner.js";
import * as s from "./op/schemas.js";

/** Oldest op this connector works with: the 2.x command set and JSON output. */
export const MIN_OP_VERSION = [2, 0, 0] as const;

export type GroupRole = "member" | "manager";

export interface ClientOptions {
  opPath: string;
  authType: "user" | "service";
  address: string;
  email?: string | undefined;
  secretKey?: string | undefined;
  password?: string | undefined;
  serviceAccountToken?: string | undefined;
  log: Logger;
  /**
   * The run's secrets (ClientContext.secrets): the credentials and every session token op issues are
   * added, so they are redacted in every log line and error of the run. Default: a set of its own.
   */
  secrets?: SecretSet;
  signal?: AbortSignal;
  timeoutMs?: number;
  baseEnv?: NodeJS.ProcessEnv;
}

export class OnePasswordClient {
  readonly #runner: OpRunner;
  readonly #auth: Auth;
  #checked: Promise<string> | undefined;

  constructor(o: ClientOptions) {
    const secrets = o.secrets ?? new SecretSet();
    secrets.add(o.secretKey, o.password, o.serviceAccountToken);
    this.#runner = new OpRunner({ ...o, secrets });
    this.#auth =
      o.authType === "service"
        ? serviceAuth(o.serviceAccountToken ?? "")
        : new UserAuth(
            this.#runner,
            {
              address: o.address,
              email: o.email ?? "",
              secretKey: o.secretKey ?? "",
              password: o.password ?? "",
            },
            o.log,
          );
  }

  /** `op --version`, checked once against MIN_OP_VERSION before any other command. */
  version(): Promise<string> {
    this.#checked ??= this.#runner.text(["--version"]).then(checkVersion);
    return this.#checked;
  }

  whoami() {
    return this.#data(["whoami"], s.whoami);
  }
  account() {
    return this.#data(["account", "get"], s.account);
  }
  users() {
    return this.#data(["user", "list"], s.users);
  }
  groups() {
    return this.#data(["group", "list"], s.groups);
  }
  groupMembers(groupId: string) {
    return this.#data(["group", "user", "list"], s.groupMembers, [groupId]);
  }
  vaults() {
    return this.#data(["vault", "list"], s.vaults);
  }
  vaultGroups(vaultId: string) {
    return this.#data(["vault", "group", "list"], s.vaultGroups, [vaultId]);
  }
  vaultUsers(vaultId: string) {
    return this.#data(["vault", "user", "list"], s.vaultUsers, [vaultId]);
  }

  groupUserGrant(groupId: string, userId: string, role: GroupRole) {
    return this.#write(["group", "user", "grant", "--group", groupId, "--role", role, "--user", userId]);
  }
  groupUserRevoke(groupId: string, userId: string) {
    return this.#write(["group", "user", "revoke", "--group", groupId, "--user", userId]);
  }
  vaultUserGrant(vaultId: string, userId: string, permissions: string[]) {
    return this.#vaultAccess("user", "grant", vaultId, userId, permissions);
  }
  vaultUserRevoke(vaultId: string, userId: string, permissions: string[]) {
    return this.#vaultAccess("user", "revoke", vaultId, userId, permissions);
  }
  vaultGroupGrant(vaultId: string, groupId: string, permissions: string[]) {
    return this.#vaultAccess("group", "grant", vaultId, groupId, permissions);
  }
  vaultGroupRevoke(vaultId: string, groupId: string, permissions: string[]) {
    return this.#vaultAccess("group", "revoke", vaultId, groupId, permissions);
  }

  /** `op vault <user|group> <grant|revoke> --vault <id> --<user|group> <id> --permissions <a,b>`. */
  #vaultAccess(
    kind: "user" | "group",
    action: "grant" | "revoke",
    vaultId: string,
    id: string,
    permissions: string[],
  ) {
    return this.#write([
      "vault",
      kind,
      action,
      "--vault",
      vaultId,
      `--${kind}`,
      id,
      "--permissions",
      permissions.join(","),
    ]);
  }

  /**
   * A command that prints JSON. Ids are positional arguments after `--`, so that one starting with a
   * dash is never read as a flag (flag values, as in the write commands, are taken as they are).
   */
  async #data<S extends z.ZodType>(words: string[], schema: S, ids: string[] = []): Promise<z.output<S>> {
    await this.version();
    const positional = ids.length ? ["--", ...ids] : [];
    return this.#runner.json([...words, "--format=json", ...positional], schema, { auth: this.#auth });
  }

  /** Write commands print nothing we use; success is the exit status. */
  async #write(args: string[]): Promise<void> {
    await this.version();
    await this.#runner.text([...args, "--format=json"], { auth: this.#auth });
  }
}

function checkVersion(output: string): string {
  const version = output.trim();
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m)
    throw new BatonError(Code.FailedPrecondition, `op --version printed "${version}", not a version`, {
      hint: INSTALL_HINT,
    });
  const found = m.slice(1, 4).map(Number);
  const order = found.reduce((r, v, i) => r || v - (MIN_OP_VERSION[i] ?? 0), 0);
  if (order < 0)
    throw new BatonError(
      Code.FailedPrecondition,
      `1Password CLI ${version} is too old: ${MIN_OP_VERSION.join(".")} or later is required`,
      {
        hint: INSTALL_HINT,
      },
    );
  return version;
}
