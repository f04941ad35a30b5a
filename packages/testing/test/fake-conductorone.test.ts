// The fake ConductorOne refuses what the real one would: bad assertions, uploads whose SHA-256 does
// not match, calls without a valid token.
import { createHash } from "node:crypto";
import { request as httpsRequest } from "node:https";
import { Code, clientAssertion, serviceCredentials } from "@baton/sdk";
import { connectorApi } from "@baton/sdk/proto";
import { create } from "@bufbuild/protobuf";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeConductorOne, startFakeConductorOne } from "../src/index.js";

let c1: FakeConductorOne;
beforeAll(async () => {
  c1 = await startFakeConductorOne();
});
afterAll(() => c1.close());

async function token(assertion?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const creds = serviceCredentials(c1.env.BATON_CLIENT_ID!, c1.env.BATON_CLIENT_SECRET!, c1.apiHost);
  const form = new URLSearchParams({
    client_id: creds.clientId,
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion ?? clientAssertion(creds, Date.now()),
  });
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `https://${c1.apiHost}/auth/v1/token`,
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, ca: c1.caPem },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(form.toString());
  });
}

describe("the fake ConductorOne", () => {
  it("issues a token for a good assertion and refuses a tampered or replayed one", async () => {
    const creds = serviceCredentials(c1.env.BATON_CLIENT_ID!, c1.env.BATON_CLIENT_SECRET!, c1.apiHost);
    const good = await token();
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    const assertion = clientAssertion(creds, Date.now());
    const [h, p, s] = assertion.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, aud: "evil.conductor.one" })).toString(
      "base64url",
    );
    expect((await token(`${h}.${forged}.${s}`)).body.error_description).toBe("bad signature");
    expect((await token(assertion)).status).toBe(200);
    expect((await token(assertion)).body.error_description).toBe("nonce reused");
  });

  it("refuses calls without a valid token, and an upload whose SHA-256 does not match", async () => {
    const { body } = await token();
    const transport = createGrpcTransport({
      baseUrl: `https://${c1.apiHost}`,
      nodeOptions: { ca: c1.caPem },
    });
    const client = createClient(connectorApi.BatonService, transport);
    const denied = await client.getTask({ hostId: "h" }).catch((e) => ConnectError.from(e));
    expect((denied as ConnectError).code).toBe(Code.Unauthenticated);

    const taskId = c1.addTask({ taskType: { case: "syncFull", value: {} } });
    const headers = { authorization: `Bearer ${body.access_token}` };
    expect((await client.getTask({ hostId: "h" }, { headers })).task?.id).toBe(taskId);
    const data = Buffer.from("not really a c1z");
    async function* upload(checksum: Buffer) {
      const msg = connectorApi.BatonServiceUploadAssetRequestSchema;
      yield create(msg, { msg: { case: "metadata", value: { hostId: "h", taskId } } });
      yield create(msg, { msg: { case: "data", value: { data } } });
      yield create(msg, { msg: { case: "eof", value: { sha256Checksum: checksum } } });
    }
    const bad = await client
      .uploadAsset(upload(createHash("sha256").update("other").digest()), { headers })
      .catch((e) => ConnectError.from(e));
    expect((bad as ConnectError).code).toBe(Code.DataLoss);
    await client.uploadAsset(upload(createHash("sha256").update(data).digest()), { headers });
    expect(c1.assets(taskId)).toEqual([data]);
  });
});
