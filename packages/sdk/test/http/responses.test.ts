import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { Code } from "../../src/errors.js";
import { BASE, harness, rejection } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

const ok = z.object({ ok: z.boolean() });

describe("response size cap", () => {
  it("refuses a body whose Content-Length is over the cap", async () => {
    network.use(http.get(`${BASE}/big`, () => HttpResponse.json({ data: "x".repeat(5000) })));
    const err = await rejection(harness({ maxResponseBytes: 4096 }).client.get("/big", z.unknown()));
    expect(err.code).toBe(Code.ResourceExhausted);
    expect(err.message).toBe("GET /big: response body larger than the 4 KiB limit");
    expect(err.hint).toMatch(/maxResponseBytes/);
  });

  it("stops reading a streamed body (no Content-Length) once it passes the cap", async () => {
    let pulled = 0;
    network.use(
      http.get(`${BASE}/stream`, () => {
        const chunk = new TextEncoder().encode("y".repeat(1024));
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            if (pulled > 1000) controller.close();
            else controller.enqueue(chunk);
          },
        });
        return new HttpResponse(stream, { headers: { "content-type": "application/json" } });
      }),
    );
    const err = await rejection(harness({ maxResponseBytes: 8 * 1024 }).client.get("/stream", z.unknown()));
    expect(err.code).toBe(Code.ResourceExhausted);
    expect(err.message).toBe("GET /stream: response body larger than the 8 KiB limit");
    expect(pulled).toBeLessThan(1000);
  });

  it("caps error bodies too, and accepts a body of exactly the cap", async () => {
    network.use(
      http.get(`${BASE}/exact`, () => HttpResponse.json("a".repeat(1022))),
      http.get(`${BASE}/error`, () => new HttpResponse("e".repeat(2048), { status: 500 })),
    );
    const { client } = harness({ maxResponseBytes: 1024 });
    await expect(client.get("/exact", z.string())).resolves.toHaveLength(1022);
    expect((await rejection(client.get("/error", z.unknown()))).code).toBe(Code.ResourceExhausted);
  });

  it("has a 64 MiB default", async () => {
    network.use(
      http.get(
        `${BASE}/huge`,
        () => new HttpResponse(null, { headers: { "content-length": String(64 * 1024 * 1024 + 1) } }),
      ),
    );
    const err = await rejection(harness().client.get("/huge", z.unknown()));
    expect(err.message).toBe("GET /huge: response body larger than the 64 MiB limit");
  });
});

describe("vendor error text", () => {
  // PingOne: the detail says what is wrong, the top-level message is generic.
  const pingError = (b: unknown) => {
    const e = b as { message?: string; details?: Array<{ message?: string }> } | undefined;
    const detail = e?.details?.[0]?.message;
    return detail && e?.message ? `${e.message} ${detail}` : (detail ?? e?.message);
  };

  it("uses the client's errorText hook", async () => {
    network.use(
      http.post(`${BASE}/users`, () =>
        HttpResponse.json(
          {
            id: "6c79",
            code: "INVALID_DATA",
            message: "One or more validation errors were in the request.",
            details: [{ code: "INVALID_VALUE", target: "username", message: "username must be unique" }],
          },
          { status: 400 },
        ),
      ),
    );
    const err = await rejection(harness({ errorText: pingError }).client.post("/users", { a: 1 }, ok));
    expect(err.message).toBe(
      "POST /users returned 400 Bad Request: One or more validation errors were in the request. username must be unique",
    );
  });

  it("passes the hook the text of a body that is not JSON, and the status", async () => {
    network.use(http.get(`${BASE}/x`, () => new HttpResponse("upstream   exploded", { status: 502 })));
    const seen: unknown[] = [];
    const { client } = harness({
      maxRetries: 0,
      errorText: (body, res) => {
        seen.push(body, res.status);
        return typeof body === "string" ? body : undefined;
      },
    });
    const err = await rejection(client.get("/x", ok));
    expect(seen).toEqual(["upstream   exploded", 502]);
    expect(err.message).toBe("GET /x returned 502 Bad Gateway: upstream exploded");
  });

  it("falls back to the usual fields when the hook finds nothing or throws", async () => {
    network.use(http.get(`${BASE}/x`, () => HttpResponse.json({ message: "Not allowed" }, { status: 403 })));
    const none = harness({ errorText: () => undefined }).client;
    expect((await rejection(none.get("/x", ok))).message).toBe("GET /x returned 403 Forbidden: Not allowed");
    const throwing = harness({
      errorText: (b) => (b as { details: Array<{ message: string }> }).details[0]!.message,
    }).client;
    expect((await rejection(throwing.get("/x", ok))).message).toBe(
      "GET /x returned 403 Forbidden: Not allowed",
    );
  });

  it("redacts secrets from the hook's text", async () => {
    network.use(
      http.get(`${BASE}/x`, () => HttpResponse.json({ message: "key k-999 bad" }, { status: 401 })),
    );
    const { client } = harness({
      headers: { "zip-api-key": "k-999" },
      errorText: (b) => (b as { message: string }).message,
    });
    expect((await rejection(client.get("/x", ok))).message).toBe(
      "GET /x returned 401 Unauthorized: key [REDACTED] bad",
    );
  });

  it("gives the body of an expected status to the caller", async () => {
    network.use(
      http.delete(`${BASE}/roleAssignments/1`, () =>
        HttpResponse.json(
          { code: "INVALID_DATA", message: "Role assignment cannot be deleted as it is read only" },
          { status: 400 },
        ),
      ),
    );
    const res = await harness().client.request({
      method: "DELETE",
      path: "/roleAssignments/1",
      expect: [400],
    });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errorBody).toEqual({
      code: "INVALID_DATA",
      message: "Role assignment cannot be deleted as it is read only",
    });
  });
});

describe("which default headers are secret", () => {
  const ORG = "5f3a9c0e1b2d4f6a8c0e1b2d";
  const KEY = "jc-api-key-abcdef123456";

  it("shows a non-secret header value (x-org-id) and never a credential-named one (x-api-key)", async () => {
    network.use(
      http.get(`${BASE}/api/systemusers`, ({ request }) =>
        HttpResponse.json(
          {
            message: `organization ${request.headers.get("x-org-id")} is not available to key ${request.headers.get("x-api-key")}`,
          },
          { status: 403 },
        ),
      ),
    );
    const { client, state } = harness({ headers: { "x-api-key": KEY, "x-org-id": ORG } });
    const err = await rejection(client.get("/api/systemusers", ok, { query: { filter: `org:${ORG}` } }));
    expect(err.message).toBe(
      `GET /api/systemusers returned 403 Forbidden: organization ${ORG} is not available to key [REDACTED]`,
    );
    const debug = state.lines.find((l) => l.level === "debug");
    expect(debug?.fields.path).toBe(`/api/systemusers?filter=org%3A${ORG}`);
    expect(JSON.stringify(state.lines)).not.toContain(KEY);
  });

  it.each([
    "Authorization",
    "X-Api-Key",
    "Zip-Api-Key",
    "Cookie",
    "X-Session-Token",
    "X-Client-Secret",
    "X-Auth",
  ])("treats %s as a credential", async (name) => {
    network.use(
      http.get(`${BASE}/echo`, ({ request }) =>
        HttpResponse.json({ message: `got ${request.headers.get(name)}` }, { status: 400 }),
      ),
    );
    const { client } = harness({ headers: { [name]: "credential-value-42" } });
    expect((await rejection(client.get("/echo", ok))).message).toBe(
      "GET /echo returned 400 Bad Request: got [REDACTED]",
    );
  });
});
