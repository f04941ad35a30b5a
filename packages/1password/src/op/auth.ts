// Signing in with `op account add` and `op signin --raw`. The session token travels to op in the
// environment variable `op signin` itself exports, OP_SESSION_<user uuid>, never on the command line.
import { BatonError, Code, type Logger } from "@baton/sdk";
import type { Auth, OpRunner, Session } from "./runner.js";
import { type LocalAccount, localAccounts } from "./schemas.js";

/** Service accounts: op reads the token from OP_SERVICE_ACCOUNT_TOKEN; nothing to renew. */
export function serviceAuth(token: string): Auth {
  const session: Session = { env: { OP_SERVICE_ACCOUNT_TOKEN: token }, generation: 0 };
  return { session: async () => session, renew: async () => undefined };
}

export interface UserCredentials {
  address: string;
  email: string;
  secretKey: string;
  password: string;
}

/**
 * Sign-ins allowed in one run (one client). Sessions expire after 30 minutes without use, so a
 * sync seldom needs a second; op that rejects every fresh session is broken, and signing in again
 * and again would only hammer the account.
 */
export const MAX_SIGN_INS = 8;

/** User accounts: add the account to op if needed, sign in, and sign in again when the session expires. */
export class UserAuth implements Auth {
  #current: Promise<Session> | undefined;
  #signIns = 0;

  constructor(
    private readonly runner: OpRunner,
    private readonly creds: UserCredentials,
    private readonly log: Logger,
  ) {}

  get exhausted(): string | undefined {
    return this.#signIns >= MAX_SIGN_INS
      ? `op rejected the session of each of ${MAX_SIGN_INS} sign-ins in this run: check that the account is not locked and that op works when run by hand`
      : undefined;
  }

  session(): Promise<Session> {
    this.#current ??= this.#signIn();
    return this.#current;
  }

  async renew(used: Session): Promise<Session | undefined> {
    for (;;) {
      const pending = this.#current;
      let current: Session | undefined;
      try {
        current = await pending;
      } catch (e) {
        // A sign-in that failed is this command's error too: signing in again with the same
        // credentials would only fail again (and a wrong password, repeated, locks accounts).
        if (this.#current === pending) throw e;
      }
      // Another command signed in meanwhile: look at that session instead.
      if (this.#current !== pending) continue;
      if (current && current.generation > used.generation) return current;
      if (this.#signIns >= MAX_SIGN_INS) return undefined;
      this.#current = this.#signIn();
      return this.#current;
    }
  }

  async #signIn(): Promise<Session> {
    const generation = ++this.#signIns;
    if (generation > 1) this.log.info("op session expired: signing in again", { signIn: generation });
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
    return { env, generation };
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
