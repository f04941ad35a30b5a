// Signing in with `op account add` and `op signin --raw`. The session token travels to op in the
// environment variable `op signin` itself exports, OP_SESSION_<user uuid>, never on the command line.
import { BatonError, Code, type Logger } from "@baton/sdk";
import type { Auth, OpRunner } from "./runner.js";
import { type LocalAccount, localAccounts } from "./schemas.js";

/** Service accounts: op reads the token from OP_SERVICE_ACCOUNT_TOKEN; nothing to renew. */
export function serviceAuth(token: string): Auth {
  return { env: async () => ({ OP_SERVICE_ACCOUNT_TOKEN: token }), renew: async () => false };
}

export interface UserCredentials {
  address: string;
  email: string;
  secretKey: string;
  password: string;
}

interface Session {
  env: Record<string, string>;
}

/** User accounts: add the account to op if needed, sign in, and sign in again when the session expires. */
export class UserAuth implements Auth {
  #session: Promise<Session> | undefined;

  constructor(
    private readonly runner: OpRunner,
    private readonly creds: UserCredentials,
    private readonly log: Logger,
  ) {}

  async env(): Promise<Record<string, string>> {
    this.#session ??= this.#signIn();
    return (await this.#session).env;
  }

  async renew(used: Record<string, string>): Promise<boolean> {
    const before = this.#session;
    const session = await before?.catch(() => undefined);
    // Another command renewed the session meanwhile, or before this one failed: retry with that one.
    if (this.#session !== before) await this.#session;
    else if (!session || Object.entries(session.env).every(([k, v]) => used[k] === v)) {
      this.#session = this.#signIn();
      await this.#session;
    }
    return true;
  }

  async #signIn(): Promise<Session> {
    const account = (await this.#findAccount()) ?? (await this.#addAccount());
    const raw = await this.runner
      .text(["signin", "--account", account.account_uuid, "--raw"], this.#withCredentials())
      .catch(rejected);
    const token = raw.trim();
    if (!token)
      throw new BatonError(
        Code.Unauthenticated,
        `op signin printed no session token for ${this.creds.email}`,
      );
    this.runner.secrets.add(token);
    this.log.debug("signed in to 1Password", { account: account.url, email: account.email });
    const env: Record<string, string> = { OP_ACCOUNT: account.account_uuid };
    for (const name of [account.user_uuid, account.shorthand]) if (name) env[`OP_SESSION_${name}`] = token;
    return { env };
  }

  /** The local op account of this email; when several match, the one at the configured address. */
  async #findAccount(): Promise<LocalAccount | undefined> {
    const all = await this.runner.json(["accounts", "list", "--format=json"], localAccounts);
    const email = this.creds.email.toLowerCase();
    const mine = all.filter((a) => a.email.toLowerCase() === email && a.account_uuid);
    return mine.find((a) => sameHost(a.url, this.creds.address)) ?? mine[0];
  }

  async #addAccount(): Promise<LocalAccount> {
    const { address, email } = this.creds;
    this.log.info("adding the 1Password account to op", { address, email });
    await this.runner
      .text(["account", "add", "--address", address, "--email", email, "--raw"], this.#withCredentials())
      .catch(rejected);
    const added = await this.#findAccount();
    if (added) return added;
    throw new BatonError(
      Code.Unauthenticated,
      `op account add did not add an account for ${email} at ${address}`,
    );
  }

  #withCredentials() {
    return { stdin: `${this.creds.password}\n`, env: { OP_SECRET_KEY: this.creds.secretKey } };
  }
}

/** A failed sign-in is a credentials problem unless op said otherwise. */
function rejected(e: unknown): never {
  if (!(e instanceof BatonError) || e.code !== Code.Unknown) throw e;
  throw new BatonError(Code.Unauthenticated, e.message, {
    hint: "check --address, --email, --secret-key and --password",
    cause: e,
  });
}

const host = (url: string) =>
  url
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
const sameHost = (a: string, b: string) => host(a) === host(b);
