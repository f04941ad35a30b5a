// Files received from others: decompression bombs, vendor strings with terminal escapes, CSV cells
// that spreadsheets would run, planted symlinks and huge diffs.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { zstdCompressSync } from "node:zlib";
import { entitlement, grant, groupResource, userResource } from "@baton/sdk";
import { openC1zForWrite } from "@baton/sdk/c1z";
import { create, ResourceType_Trait, ResourceTypeSchema } from "@baton/sdk/proto";
import { beforeAll, describe, expect, test } from "vitest";
import { userType, writeDeletedUsers } from "../bench/deleted-users.ts";
import { baton, type Json, tempDir } from "./helpers.js";

const MiB = 1 << 20;

/** C1ZF + zstd of `size` bytes: a SQLite header that declares no page count, then zeros. */
function bomb(size: number): string {
  const payload = Buffer.alloc(size);
  payload.write("SQLite format 3\0", 0, "latin1");
  const path = join(tempDir(), "bomb.c1z");
  writeFileSync(path, Buffer.concat([Buffer.from("C1ZF\0", "latin1"), zstdCompressSync(payload)]));
  return path;
}

describe("decompression limit", () => {
  test("--max-decompressed-size stops a bomb with one line naming the flag", async () => {
    const r = await baton(["stats", "-f", bomb(32 * MiB), "--max-decompressed-size", "4MiB"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "baton: bomb.c1z holds a database of 32 MiB, more than the limit of 4 MiB (if the file is genuine, raise the limit with --max-decompressed-size, e.g. --max-decompressed-size 20GiB, or $BATON_DECODER_MAX_DECODED_SIZE_MB)\n",
    );
  });

  test("sizes take a unit; anything else is one line with an example", async () => {
    for (const value of ["4", "lots", "-1MiB", "0GiB", "4 parsecs"]) {
      const r = await baton(["stats", "-f", bomb(MiB), "--max-decompressed-size", value]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `baton: --max-decompressed-size ${JSON.stringify(value)} is not a size (give a number and a unit, e.g. 20GiB or 500MB)\n`,
      );
    }
  });

  test("--help lists the flag with its default", async () => {
    const r = await baton(["stats", "--help"]);
    expect(r.stdout).toMatch(
      /--max-decompressed-size <size> +Refuse files whose database is larger \(also \$BATON_DECODER_MAX_DECODED_SIZE_MB, in MiB\) \(default "10GiB"\)/,
    );
  });
});

// Names as a vendor could return them: OSC (retitle the terminal), CSI (clear the screen, conceal
// text), C1 CSI (U+009B), a bidi override, and cells a spreadsheet would evaluate.
const ESC = "\u001b";
const NAMES = {
  mallory: `Mallory${ESC}]0;owned\u0007${ESC}[2J`,
  trudy: "Trudy\u009b8mhidden",
  eve: "Eve\u202etxt.exe",
  admins: `Admins${ESC}[8m`,
};
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const groupType = create(ResourceTypeSchema, {
  id: "group",
  displayName: `Group${ESC}[31m`,
  traits: [ResourceType_Trait.GROUP],
});
const person = (id: string, name: string, first: string, last: string, userId: string, email: string) =>
  userResource("user", id, {
    displayName: name,
    emails: [email],
    profile: { first_name: first, last_name: last, user_id: userId },
  });
const people = [
  person("mallory", NAMES.mallory, "=1+2", "+SUM(A1:A2)", "-5", "@evil.example.com"),
  person("trudy", NAMES.trudy, "\tTab", "\rReturn", "@x", "trudy@example.com"),
  person("eve", NAMES.eve, "Eve", "a=b", "e-1", "eve@example.com"),
];
const admins = groupResource("group", "admins", { displayName: NAMES.admins });
const member = entitlement(admins, "member", { displayName: "=1+1", description: "-danger" });

let hostile: string;
beforeAll(async () => {
  hostile = join(tempDir(), "hostile.c1z");
  const w = await openC1zForWrite(hostile);
  const sync = w.startSync("full");
  w.putResourceTypes(sync, [userType, groupType]);
  w.putResources(sync, [...people, admins]);
  w.putEntitlements(sync, [member]);
  w.putGrants(
    sync,
    people.map((p) => grant(admins, "member", { type: "user", id: p.id!.resource })),
  );
  w.endSync(sync);
  await w.save();
  w.close({ discardWork: true });
});

describe("vendor strings never reach the terminal raw", () => {
  const COMMANDS = [
    ["resource-types"],
    ["resources"],
    ["entitlements"],
    ["grants"],
    ["principals"],
    ["principals", "compare", "-e", "group:admins:member", "--compare-file"],
    ["access", "-t", "user", "-r", "mallory"],
    ["stats"],
    ["syncs"],
  ];

  test.each(COMMANDS.map((c) => [c.join(" "), c]))("%s: console and json", async (_, args) => {
    const file = args.at(-1) === "--compare-file" ? [hostile] : [];
    for (const format of ["console", "json"]) {
      const r = await baton([...args, ...file, "-f", hostile, "-o", format]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(UNSAFE);
      if (format === "json") expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
  });

  test("tables show control characters as \\u escapes, one line per row", async () => {
    const r = await baton(["resources", "-f", hostile, "-t", "user"]);
    expect(r.stdout.split("\n").slice(1, -1)).toEqual([
      "mallory | Mallory\\u001b]0;owned\\u0007\\u001b[2J | User          | -",
      "trudy   | Trudy\\u009b8mhidden                  | User          | -",
      "eve     | Eve\\u202etxt.exe                     | User          | -",
    ]);
  });

  test("the access tree too", async () => {
    const r = await baton(["access", "-f", hostile, "-t", "user", "-r", "mallory"]);
    expect(r.stdout).toBe(
      [
        "Effective Access for Mallory\\u001b]0;owned\\u0007\\u001b[2J (user)",
        "└── Admins\\u001b[8m (Group\\u001b[31m)",
        "    └── member",
        "",
      ].join("\n"),
    );
  });

  test("JSON escapes them and keeps the values", async () => {
    const raw = (await baton(["resources", "-f", hostile, "-t", "user", "-o", "json"])).stdout;
    expect(raw).toContain("Trudy\\u009b8mhidden");
    expect(raw).toContain("Eve\\u202etxt.exe");
    const { resources } = JSON.parse(raw) as Json;
    expect(resources.map((r: Json) => r.resource.displayName)).toEqual([
      NAMES.mallory,
      NAMES.trudy,
      NAMES.eve,
    ]);
  });

  test("error lines and notes", async () => {
    const r = await baton(["resources", "-f", hostile, "--sync-id", `${ESC}[2J\u009b0m`]);
    expect(r.stderr).toBe(
      "baton: sync \\u001b[2J\\u009b0m is not in hostile.c1z (list the sync ids with: baton syncs -f " +
        `${hostile})\n`,
    );
    const out = join(tempDir(), `x${ESC}[2J.csv`);
    const note = await baton(["export", "csv", "-f", hostile, "--out", out]);
    expect(note.code).toBe(0);
    expect(note.stderr).not.toMatch(UNSAFE);
    expect(note.stderr).toContain("x\\u001b[2J.csv");
  });
});

describe("export csv", () => {
  test("the file is private (0600), like the c1z it comes from", async () => {
    const out = join(tempDir(), "review.csv");
    expect((await baton(["export", "csv", "-f", hostile, "--out", out])).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  test("cells a spreadsheet would evaluate (= + - @ tab CR first) get a leading '", async () => {
    const out = join(tempDir(), "review.csv");
    await baton(["export", "csv", "-f", hostile, "--out", out]);
    const lines = readFileSync(out, "utf8").split("\n");
    expect(lines.slice(1, 5)).toEqual([
      "Identity,'+SUM(A1:A2),'=1+2,'-5,Enabled,'@evil.example.com,,,,,,",
      `Identity,"'\rReturn",'\tTab,'@x,Enabled,trudy@example.com,,,,,,`,
      "Identity,a=b,Eve,e-1,Enabled,eve@example.com,,,,,,",
      `Entitlement,,,,,,'=1+1,group:admins:member,group,Admins${ESC}[8m,'-danger,member`,
    ]);
  });

  test("a symlink planted at <out>.tmp is not followed", async () => {
    const dir = tempDir();
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "keep me\n");
    const out = join(dir, "review.csv");
    symlinkSync(victim, `${out}.tmp`);
    const r = await baton(["export", "csv", "-f", hostile, "--out", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("keep me\n");
    expect(readFileSync(out, "utf8")).toMatch(/^Type,Last Name,/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});

const BIG = 200_000;

describe("a file with 200,000 deleted users", () => {
  let big: string;
  let syncs: { older: string; newer: string };
  beforeAll(async () => {
    big = join(tempDir(), "big.c1z");
    syncs = await writeDeletedUsers(big, BIG);
  }, 120_000);

  test("diff streams them all", async () => {
    const r = await baton(["diff", "-f", big]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout) as Json;
    expect(diff.resources.deleted).toHaveLength(BIG - 1);
    expect(diff.resources.deleted[0].id).toEqual({ resourceType: "user", resource: "u000000" });
    expect(diff.resources.deleted[1].id).toEqual({ resourceType: "user", resource: "u000002" });
    expect(diff.resources.deleted.at(-1).displayName).toBe("User u199999");
    expect(diff.resources.modified).toBeUndefined();
    expect(diff.resources.created).toBeUndefined();
    expect(diff.resourceTypes).toBeUndefined();
  });

  const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  /** Runs the built baton in a child with its own TMPDIR; sends `signal` once `ready` holds. */
  async function interrupt(args: string[], ready: (dir: string) => boolean, signal: NodeJS.Signals) {
    const dir = tempDir();
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on("exit", (code, sig) => resolve({ code, signal: sig })),
    );
    const end = Date.now() + 60_000;
    while (!ready(dir)) {
      if (Date.now() > end) throw new Error(`baton ${args.join(" ")} never got ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill(signal);
    return { dir, tmp, exit: await exited, stderr };
  }
  const has = (dir: string, match: RegExp) => existsSync(dir) && readdirSync(dir).some((n) => match.test(n));

  test.each(["SIGINT", "SIGTERM"] as const)(
    "%s during a listing removes the decompressed copy",
    async (signal) => {
      const { tmp, exit } = await interrupt(
        ["resources", "-f", big, "--sync-id", syncs.older, "-o", "json"],
        (dir) => has(join(dir, "tmp"), /^c1z-/),
        signal,
      );
      expect(exit).toEqual({ code: null, signal });
      expect(readdirSync(tmp)).toEqual([]);
    },
  );

  test("SIGINT during export csv removes the half-written CSV and the copy", async () => {
    const { dir, tmp, exit } = await interrupt(
      ["export", "csv", "-f", big, "--sync-id", syncs.older, "--out", "review.csv"],
      (d) => has(d, /^review\.csv\..*\.tmp$/),
      "SIGINT",
    );
    expect(exit).toEqual({ code: null, signal: "SIGINT" });
    expect(readdirSync(dir).sort()).toEqual(["tmp"]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  test("SIGINT during export c1z removes its work directory", async () => {
    const { dir, tmp, exit } = await interrupt(
      ["export", "c1z", "-f", big, "--sync-id", syncs.older, "--out", "one.c1z"],
      (d) =>
        has(d, /^\.one\.c1z-/) &&
        readdirSync(d).some((n) => n.startsWith(".one.c1z-") && existsSync(join(d, n, "out.c1z.work", "db"))),
      "SIGINT",
    );
    expect(exit).toEqual({ code: null, signal: "SIGINT" });
    expect(readdirSync(dir).sort()).toEqual(["tmp"]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
