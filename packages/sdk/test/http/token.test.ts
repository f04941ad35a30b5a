import { describe, expect, it } from "vitest";
import { recordingLogger } from "../../../testing/src/logger.ts";
import { Code } from "../../src/errors.js";
import { bearerAuth, cachedTokenSource, type IssuedToken } from "../../src/http/token.js";
import { createLogger } from "../../src/logging/logger.js";
import { SecretSet } from "../../src/secrets.js";
import { createRuntime } from "../../src/sync/runtime.js";
import { rejection } from "./harness.js";

/** An issuer that hands out tok-1, tok-2, … and counts its calls; `gate` holds a fetch open. */
function issuer(lifetimeMs: number | undefined = 3_600_000) {
  const state = { calls: 0, gate: undefined as Promise<void> | undefined, fail: false };
  const fetch = async (): Promise<IssuedToken> => {
    state.calls++;
    const n = state.calls;
    await state.gate;
    if (state.fail) throw new Error("token endpoint down");
    return { token: `tok-${n}`, expiresInMs: lifetimeMs };
  };
  return { state, fetch };
}

describe("cachedTokenSource", () => {
  it("fetches once for many concurrent callers and caches until shortly before expiry", async () => {
    let now = 0;
    const { state, fetch } = issuer(3_600_000);
    let open!: () => void;
    state.gate = new Promise((r) => {
      open = r;
    });
    const source = cachedTokenSource({ fetch, now: () => now, refreshBeforeMs: 60_000 });
    const waiting = Promise.all(Array.from({ length: 20 }, () => source.token()));
    open();
    expect(new Set(await waiting)).toEqual(new Set(["tok-1"]));
    expect(state.calls).toBe(1);

    now = 3_600_000 - 60_001;
    expect(await source.token()).toBe("tok-1");
    now = 3_600_000 - 60_000;
    expect(await source.token()).toBe("tok-2");
    expect(state.calls).toBe(2);
  });

  it("uses a short-lived token for half its life instead of refreshing on every call", async () => {
    let now = 0;
    const { state, fetch } = issuer(10_000);
    const source = cachedTokenSource({ fetch, now: () => now, refreshBeforeMs: 60_000 });
    await source.token();
    now = 4_999;
    await source.token();
    expect(state.calls).toBe(1);
    now = 5_000;
    expect(await source.token()).toBe("tok-2");
  });

  it("keeps a token without a lifetime until it is invalidated, and one invalidation refreshes once", async () => {
    const { state, fetch } = issuer(undefined);
    const source = cachedTokenSource({ fetch });
    expect(await source.token()).toBe("tok-1");
    expect(await source.token()).toBe("tok-1");
    source.invalidate("tok-1");
    source.invalidate("tok-1");
    expect(await source.token()).toBe("tok-2");
    // A stale token's invalidation does not drop the newer one.
    source.invalidate("tok-1");
    expect(await source.token()).toBe("tok-2");
    expect(state.calls).toBe(2);
  });

  it("does not cache a failed fetch", async () => {
    const { state, fetch } = issuer();
    const source = cachedTokenSource({ fetch });
    state.fail = true;
    expect((await rejection(source.token())).message).toBe("token endpoint down");
    state.fail = false;
    expect(await source.token()).toBe("tok-2");
  });

  it("registers every new token before it is used", async () => {
    const secrets = new SecretSet();
    const { fetch } = issuer();
    const source = cachedTokenSource({ fetch, onToken: (t) => secrets.add(t) });
    const token = await source.token();
    expect(secrets.has(token)).toBe(true);
  });

  it("stops a caller's wait when its signal aborts, without failing the shared fetch", async () => {
    const { state, fetch } = issuer();
    let open!: () => void;
    state.gate = new Promise((r) => {
      open = r;
    });
    const source = cachedTokenSource({ fetch });
    const controller = new AbortController();
    const cancelled = source.token(controller.signal);
    const other = source.token();
    controller.abort();
    expect((await rejection(cancelled)).code).toBe(Code.Canceled);
    open();
    expect(await other).toBe("tok-1");
  });
});

describe("bearerAuth", () => {
  it("sends the current token and invalidates exactly the rejected one", async () => {
    const { fetch } = issuer();
    const auth = bearerAuth(cachedTokenSource({ fetch }));
    const sent = await auth.headers();
    expect(sent).toEqual({ authorization: "Bearer tok-1" });
    expect(auth.rejected?.(sent)).toBe(true);
    expect(await auth.headers()).toEqual({ authorization: "Bearer tok-2" });
    expect(auth.rejected?.({})).toBe(false);
  });
});

describe("SecretSet", () => {
  it("ignores empty values and redacts values added later wherever it is shared", async () => {
    const secrets = new SecretSet(["configured-secret", "", undefined, "  "]);
    expect(secrets.size).toBe(1);
    const lines: string[] = [];
    const logger = createLogger({ secrets, stream: { write: (s: string) => lines.push(s) }, now: () => 0 });
    const rt = await createRuntime(
      {
        name: "t",
        displayName: "T",
        version: "0",
        config: {} as never,
        client: (_c, ctx) => {
          ctx.secrets.add("issued-token-123");
          return {};
        },
        resourceTypes: [],
      },
      {},
      { logger, secrets },
    );
    rt.log.info("got issued-token-123 and configured-secret");
    logger.info("direct: issued-token-123");
    expect(lines.join("")).not.toMatch(/issued-token-123|configured-secret/);
    expect(rt.secrets).toBe(secrets);
    await rt.close();
  });

  it("redacts a library caller's own logger too", async () => {
    const plain = recordingLogger();
    const rt = await createRuntime(
      {
        name: "t",
        displayName: "T",
        version: "0",
        config: {} as never,
        client: (_c, ctx) => {
          ctx.secrets.add("session-abc-987");
          return {};
        },
        resourceTypes: [],
      },
      {},
      { logger: plain },
    );
    rt.log.info("session session-abc-987");
    expect(plain.lines.map((l) => l.msg)).toEqual(["session [REDACTED]"]);
    await rt.close();
  });
});
