import { describe, expect, it } from "vitest";
import { config, splitList } from "../src/config.js";

const issues = (input: Record<string, unknown>) => {
  const r = config.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("configuration", () => {
  it("has the Go connector's defaults", () => {
    const c = config.parse({ email: "a@b.test", secretKey: "k", password: "p" });
    expect(c).toMatchObject({
      address: "my.1password.com",
      authType: "user",
      opPath: "op",
      limitVaultPermissions: [],
    });
  });

  it("reports every missing user credential at once, by key", () => {
    expect(issues({ address: "" })).toEqual([
      { path: "address", message: "required for auth-type user" },
      { path: "email", message: "required for auth-type user" },
      { path: "secretKey", message: "required for auth-type user" },
      { path: "password", message: "required for auth-type user" },
    ]);
  });

  it("needs only the service account token for auth-type service", () => {
    expect(issues({ authType: "service" })).toEqual([
      { path: "serviceAccountToken", message: "required for auth-type service" },
    ]);
    expect(issues({ authType: "service", serviceAccountToken: "ops_x" })).toEqual([]);
  });

  it("reads the service token from OP_SERVICE_ACCOUNT_TOKEN, secret and hidden", () => {
    expect(config.shape.serviceAccountToken.meta()).toMatchObject({
      env: "OP_SERVICE_ACCOUNT_TOKEN",
      secret: true,
      hidden: true,
    });
    expect(config.shape.password.meta()).toMatchObject({ secret: true });
    expect(config.shape.secretKey.meta()).toMatchObject({ secret: true });
  });

  it("rejects an unknown auth type", () => {
    expect(issues({ authType: "sso" }).map((i) => i.path)).toEqual(["authType"]);
  });

  it("accepts comma- and space-separated vault permission limits, and names invalid ones with the credentials", () => {
    expect(splitList(["member,view_items", "manage_vault  allow_viewing"])).toEqual([
      "member",
      "view_items",
      "manage_vault",
      "allow_viewing",
    ]);
    expect(
      issues({ authType: "service", serviceAccountToken: "t", limitVaultPermissions: ["member view_items"] }),
    ).toEqual([]);
    const found = issues({ authType: "service", limitVaultPermissions: ["member,fly_items"] });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      path: "limitVaultPermissions",
      message: expect.stringMatching(/^invalid vault permission: fly_items/),
    });
    expect(found[1]).toMatchObject({ path: "serviceAccountToken" });
  });
});
