// Bad input: one line on stderr saying what is wrong and what to do, nothing on stdout, exit 1.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { COMMANDS } from "../src/commands/index.js";
import { baton, GO_FIXTURES, sha256, tempDir } from "./helpers.js";

const dir = tempDir();
const FIXTURE = GO_FIXTURES.inProgress.file;

/** A v3 (Pebble) c1z: magic, 4-byte big-endian manifest length, manifest, payload. */
function pebbleFile(): string {
  const manifest = Buffer.from([0x0a, 0x07, ...Buffer.from("pebble2")]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(manifest.length);
  const path = join(dir, "pebble.c1z");
  writeFileSync(
    path,
    Buffer.concat([Buffer.from("C1Z3\0", "latin1"), length, manifest, Buffer.from([0x28, 0xb5, 0x2f, 0xfd])]),
  );
  return path;
}

function truncatedFile(): string {
  const bytes = readFileSync(GO_FIXTURES.expanded.file);
  const path = join(dir, "truncated.c1z");
  writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
  return path;
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CASES: [string, string[], RegExp][] = [
  [
    "a missing file",
    ["resources", "-f", join(dir, "nope.c1z")],
    /nope\.c1z does not exist \(check the path .*-f\/--file\)/,
  ],
  [
    "an empty file",
    ["resources", "-f", file("empty.c1z", "")],
    /empty\.c1z is empty \(0 bytes\), not a c1z file/,
  ],
  [
    "a Pebble (C1Z3) file",
    ["grants", "-f", pebbleFile()],
    /pebble\.c1z is a v3 \(Pebble\) c1z .*--storage-engine sqlite/,
  ],
  ["a truncated file", ["stats", "-f", truncatedFile()], /truncated\.c1z is a truncated or damaged c1z/],
  [
    "a file that is not a c1z",
    ["syncs", "-f", file("notes.txt", "hello world\n")],
    /notes\.txt is not a c1z file/,
  ],
  [
    "an unknown sync id",
    ["resources", "-f", FIXTURE, "--sync-id", "nope"],
    /sync nope is not in go-sync-in-progress\.c1z \(list the sync ids with: baton syncs/,
  ],
  [
    "-r without -t",
    ["grants", "-f", FIXTURE, "-r", "alice"],
    /-r\/--resource needs -t\/--resource-type \(resource ids are unique only within a type/,
  ],
  [
    "-t without -r for principals",
    ["principals", "-f", FIXTURE, "-t", "user"],
    /-t\/--resource-type needs -r\/--resource/,
  ],
  [
    "-r together with -e",
    ["grants", "-f", FIXTURE, "-t", "user", "-r", "a", "-e", "x"],
    /-r\/--resource and -e\/--entitlement cannot be used together/,
  ],
  [
    "access without a principal",
    ["access", "-f", FIXTURE],
    /-t\/--resource-type is required \(name the principal/,
  ],
  [
    "principals compare without -e",
    ["principals", "compare", "-f", FIXTURE],
    /-e\/--entitlement is required/,
  ],
  [
    "an unknown output format",
    ["resources", "-f", FIXTURE, "-o", "yaml"],
    /unknown output format "yaml" \(use -o console or -o json\)/,
  ],
  ["an unknown command", ["resoures", "-f", FIXTURE], /unknown command "resoures" \(see baton --help/],
  ["an unknown flag", ["resources", "--colour"], /unknown flag --colour/],
  [
    "a flag of another command",
    ["stats", "-f", FIXTURE, "-t", "user"],
    /baton stats has no flag --resource-type \(see baton stats --help\)/,
  ],
  ["a flag without its value", ["resources", "-f"], /--file needs a value/],
  ["an extra argument", ["resources", "users"], /unexpected argument "users"/],
  [
    "diff of a file with one full sync",
    ["diff", "-f", GO_FIXTURES.expanded.file],
    /has only one finished full sync \(36zfOAoWMxQdISbixanQCRBiX7E\), diff needs two/,
  ],
  [
    "diff of a file without a finished full sync",
    ["diff", "-f", FIXTURE],
    /has no finished full sync, nothing to diff/,
  ],
];

describe("bad input", () => {
  test.each(CASES)("%s", async (_, args, message) => {
    const r = await baton(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^baton: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
  });

  test("the default sync.c1z when there is none (the built command, in an empty directory)", () => {
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const r = spawnSync(process.execPath, [cli, "resources"], { cwd: tempDir(), encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^baton: sync\.c1z does not exist[^\n]*\n$/);
  });

  test("export refuses to write over its input", async () => {
    const input = join(dir, "input.c1z");
    copyFileSync(FIXTURE, input);
    const before = sha256(input);
    for (const kind of ["csv", "c1z"]) {
      const r = await baton(["export", kind, "-f", input, "--out", input]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--out .*input\.c1z is the input file \(-f\) \(the input is never modified/);
    }
    expect(sha256(input)).toBe(before);
  });
});

test("the input file is never modified, whatever the command", async () => {
  const input = join(tempDir(), "input.c1z");
  copyFileSync(GO_FIXTURES.unexpanded.file, input);
  const before = { hash: sha256(input), mtime: statSync(input).mtimeMs };
  const out = tempDir();
  const f = ["-f", input];
  for (const args of [
    ["resource-types"],
    ["resources"],
    ["entitlements"],
    ["grants"],
    ["principals"],
    ["principals", "compare", "-e", "group:group-0000000:member", "--compare-file", input],
    ["access", "-t", "user", "-r", "user-0000001"],
    ["stats"],
    ["syncs"],
    ["diff"],
    ["export", "csv", "--out", join(out, "x.csv")],
    ["export", "c1z", "--out", join(out, "x.c1z")],
  ])
    for (const format of ["console", "json"]) await baton([...args, ...f, "-o", format]);
  expect({ hash: sha256(input), mtime: statSync(input).mtimeMs }).toEqual(before);
});

describe("--help", () => {
  test.each(COMMANDS.map((c) => c.path.join(" ")))(
    "baton %s --help: usage, flags and an example",
    async (name) => {
      const r = await baton([...name.split(" "), "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage:\n  baton ${name} [flags]`);
      expect(r.stdout).toMatch(
        /Global flags:\n {2}-f, --file <path> +The c1z file to read \(default "sync\.c1z"\)/,
      );
      expect(r.stdout).toMatch(new RegExp(`Examples?:\\n {2}baton ${name}`));
      expect((await baton(["help", ...name.split(" ")])).stdout).toBe(r.stdout);
      expect((await baton([...name.split(" "), "-h"])).stdout).toBe(r.stdout);
    },
  );

  test("baton alone lists every command", async () => {
    const r = await baton([]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.path.join(" ")} `);
    expect((await baton(["--help"])).stdout).toBe(r.stdout);
  });

  test("baton export lists its subcommands", async () => {
    const r = await baton(["export"]);
    expect(r.stdout).toMatch(/export csv +Write users/);
    expect(r.stdout).toMatch(/export c1z +Copy one sync/);
  });

  test("--version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect((await baton(["--version"])).stdout).toBe(`baton version ${version}\n`);
  });
});

test("flags go anywhere, in every cobra spelling", async () => {
  const expected = await baton(["resource-types", "-f", FIXTURE, "-o", "json"]);
  for (const args of [
    ["-f", FIXTURE, "resource-types", "-o", "json"],
    ["resource-types", `--file=${FIXTURE}`, "--output-format=json"],
    ["resource-types", `-f${FIXTURE}`, "-ojson"],
    ["-o=json", "resource-types", `-f=${FIXTURE}`],
  ])
    expect(await baton(args)).toEqual(expected);
});

test("-o json prints exactly one JSON document for every command", async () => {
  const f = ["-f", GO_FIXTURES.expanded.file, "-o", "json"];
  for (const args of [
    ["resource-types"],
    ["resources"],
    ["entitlements"],
    ["grants", "-t", "group"],
    ["principals"],
    [
      "principals",
      "compare",
      "-e",
      "group:group-0000000:member",
      "--compare-file",
      GO_FIXTURES.unexpanded.file,
    ],
    ["access", "-t", "user", "-r", "user-0000001"],
    ["stats"],
    ["syncs"],
  ]) {
    const r = await baton([...args, ...f]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stdout.startsWith("{") && r.stdout.endsWith("}")).toBe(true);
  }
});
