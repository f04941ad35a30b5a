// The fake op itself: it holds the connector to op 2.x's conventions (argv, --format=json, the
// session in the environment).
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { FAKE_OP, FakeOp } from "./helpers.js";

function op(fake: FakeOp, args: string[], o: { stdin?: string; env?: Record<string, string> } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(FAKE_OP, args, { env: fake.env(o.env) }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
    child.stdin?.end(o.stdin ?? "");
  });
}

async function signedIn() {
  const fake = new FakeOp("teams");
  const a = fake.tenant.auth;
  const r = await op(fake, ["signin", "--account", a.accountUuid, "--raw"], { stdin: `${a.password}\n` });
  expect(r.stdout).toBe("SMALL-SESSION-1\n");
  return { fake, token: r.stdout };
}

describe("the fake op", () => {
  it("accepts --session with or without the trailing newline, as the Go connector passes it", async () => {
    const { fake, token } = await signedIn();
    for (const session of [token, token.trim()]) {
      const r = await op(fake, ["vault", "list", "--session", session, "--format=json"]);
      expect(JSON.parse(r.stdout)).toEqual([{ id: "TVSHARED", name: "Shared", content_version: 5 }]);
    }
    expect((await op(fake, ["vault", "list", "--session", "WRONG", "--format=json"])).stderr).toContain(
      "Invalid session token",
    );
  });

  it("requires --format=json at the end of a data command's flags, and a session", async () => {
    const { fake, token } = await signedIn();
    expect((await op(fake, ["user", "list", "--session", token])).code).toBe(1);
    const r = await op(fake, ["user", "list", "--format=json"]);
    expect(r.stderr).toMatch(/^\[ERROR\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d You are not currently signed in/);
  });

  it("identifies users by id or email only, never by display name", async () => {
    const { fake, token } = await signedIn();
    const grant = (user: string) =>
      op(fake, [
        "vault",
        "user",
        "grant",
        "--vault",
        "TVSHARED",
        "--user",
        user,
        "--permissions",
        "allow_viewing",
        "--session",
        token,
        "--format=json",
      ]);
    expect((await grant("Pat Kim")).stderr).toContain(`"Pat Kim" isn't a user in this account`);
    expect((await grant("pat@smallco.test")).code).toBe(0);
  });

  it("refuses permission sets that miss a dependency", async () => {
    const { fake, token } = await signedIn();
    const r = await op(fake, [
      "vault",
      "user",
      "grant",
      "--vault",
      "TVSHARED",
      "--user",
      "TPAT",
      "--permissions",
      "allow_editing",
      "--session",
      token,
      "--format=json",
    ]);
    expect(r.stderr).toContain('permission "allow_editing" requires "allow_viewing"');
  });

  it("logs every call with its stdin and op's credential variables", async () => {
    const { fake } = await signedIn();
    await op(fake, ["--version"], { env: { OP_SECRET_KEY: "k", UNRELATED: "x" } });
    expect(fake.calls().at(-1)).toEqual({
      argv: ["--version"],
      stdin: "",
      env: { OP_SECRET_KEY: "k" },
      batonVars: [],
    });
    expect(fake.calls()[0]!.stdin).toBe(`${fake.tenant.auth.password}\n`);
  });
});
