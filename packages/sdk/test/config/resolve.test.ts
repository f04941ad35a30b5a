import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseConfig, resolveConfig } from "../../src/config/index.js";
import { BatonError, Code } from "../../src/errors.js";

const schema = z.object({
  subdomain: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a Zendesk subdomain such as "acme"')
    .describe("Zendesk subdomain"),
  apiToken: z.string().meta({ secret: true }),
  bazHqApiKey: z.string().optional(),
  orgs: z.array(z.string()).default([]),
  pageSize: z.number().int().min(1).default(100),
  dryRun: z.boolean().default(false).meta({ shorthand: "n" }),
});

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const dir = (yaml?: string, name = ".baton.yaml") => {
  const d = mkdtempSync(join(tmpdir(), "baton-config-"));
  made.push(d);
  if (yaml !== undefined) writeFileSync(join(d, name), yaml);
  return d;
};

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

describe("resolveConfig", () => {
  const base = { subdomain: "acme", apiToken: "t0k" };

  it("reads flags in every cobra form", () => {
    const cfg = resolveConfig(schema, {
      argv: ["--subdomain", "acme", "--api-token=t0k", "--orgs", "a,b", "--orgs=c", "--page-size", "5", "-n"],
      env: {},
      cwd: dir(),
    });
    expect(cfg).toEqual({ ...base, orgs: ["a", "b", "c"], pageSize: 5, dryRun: true });
  });

  it("reads shorthands like pflag: -nfvalue, -f=value, -f value; -- ends the flags", () => {
    const short = z.object({
      dryRun: z.boolean().default(false).meta({ shorthand: "n" }),
      file: z.string().meta({ shorthand: "f" }),
    });
    const resolve = (argv: string[]) => resolveConfig(short, { argv, env: {}, cwd: dir() });
    expect(resolve(["-nfout.c1z"])).toEqual({ dryRun: true, file: "out.c1z" });
    expect(resolve(["-f=x", "-n=false"])).toEqual({ dryRun: false, file: "x" });
    expect(resolve(["-n", "-f", "y"])).toEqual({ dryRun: true, file: "y" });
    expect(() => resolve(["-f", "y", "--", "--dry-run"])).toThrow('unexpected argument "--dry-run"');
    expect(() => resolve(["-x"])).toThrow("unknown shorthand flag: 'x' in -x");
  });

  it("maps camelCase keys to env vars and splits env lists on commas", () => {
    const cfg = resolveConfig(schema, {
      argv: [],
      env: {
        BATON_SUBDOMAIN: "acme",
        BATON_API_TOKEN: "t0k",
        BATON_BAZ_HQ_API_KEY: "k",
        BATON_ORGS: "Acme Inc, Beta ,",
        BATON_DRY_RUN: "1",
      },
      cwd: dir(),
    });
    expect(cfg).toEqual({
      ...base,
      bazHqApiKey: "k",
      orgs: ["Acme Inc", "Beta"],
      pageSize: 100,
      dryRun: true,
    });
  });

  it("applies precedence flag > env > file > default", () => {
    const cwd = dir(
      "subdomain: from-file\napi-token: file-token\npage-size: 7\norgs:\n  - One, Two\n  - Three\n",
    );
    const resolve = (argv: string[], env: Record<string, string>) =>
      resolveConfig(schema, { argv, env, cwd });
    expect(resolve([], {})).toEqual({
      subdomain: "from-file",
      apiToken: "file-token",
      pageSize: 7,
      orgs: ["One, Two", "Three"],
      dryRun: false,
    });
    expect(resolve([], { BATON_SUBDOMAIN: "from-env", BATON_PAGE_SIZE: "" }).subdomain).toBe("from-env");
    expect(resolve(["--subdomain", "from-flag"], { BATON_SUBDOMAIN: "from-env" }).subdomain).toBe(
      "from-flag",
    );
    expect(resolve(["--dry-run=false"], { BATON_DRY_RUN: "true" }).dryRun).toBe(false);
  });

  it("reads the file named by BATON_CONFIG_PATH, which must be YAML", () => {
    const cwd = dir("subdomain: custom\napi-token: x\n", "conf.yml");
    expect(resolveConfig(schema, { argv: [], env: { BATON_CONFIG_PATH: "conf.yml" }, cwd }).subdomain).toBe(
      "custom",
    );
    expect(() => resolveConfig(schema, { argv: [], env: { BATON_CONFIG_PATH: "conf.json" }, cwd })).toThrow(
      '$BATON_CONFIG_PATH must name a .yaml or .yml file, got "conf.json"',
    );
    expect(() =>
      resolveConfig(schema, { argv: [], env: { BATON_CONFIG_PATH: "missing.yaml" }, cwd }),
    ).toThrow("does not exist");
  });

  it("reports every problem together, naming flag and env var", () => {
    const problems = problemsOf(() =>
      resolveConfig(schema, {
        argv: ["--subdomain", "Not A Subdomain", "--page-size", "many"],
        env: { BATON_DRY_RUN: "maybe" },
        cwd: dir(),
      }),
    );
    expect(problems).toEqual([
      '--page-size ($BATON_PAGE_SIZE): "many" is not an integer (from the command line)',
      '--dry-run ($BATON_DRY_RUN): "maybe" is not a boolean (use true or false) (from $BATON_DRY_RUN)',
      '--subdomain ($BATON_SUBDOMAIN): must be a Zendesk subdomain such as "acme"',
      "--api-token ($BATON_API_TOKEN) is required",
    ]);
  });

  it("rejects unknown flags with a suggestion and a pointer to --help", () => {
    const run = () =>
      resolveConfig(schema, { argv: ["--subdomian", "acme"], env: {}, cwd: dir(), program: "baton-x" });
    expect(run).toThrow(BatonError);
    try {
      run();
    } catch (e) {
      expect((e as BatonError).code).toBe(Code.InvalidArgument);
      expect((e as BatonError).describe()).toBe(
        "unknown flag: --subdomian (did you mean --subdomain? run baton-x --help to list the flags)",
      );
    }
    expect(() => resolveConfig(schema, { argv: ["--api-token"], env: {}, cwd: dir() })).toThrow(
      "flag needs an argument: --api-token",
    );
  });
});

describe("parseConfig", () => {
  it("returns the typed config with defaults", () => {
    expect(parseConfig(schema, { subdomain: "acme", apiToken: "t" })).toEqual({
      subdomain: "acme",
      apiToken: "t",
      orgs: [],
      pageSize: 100,
      dryRun: false,
    });
  });

  it("treats empty strings as unset and maps object-level refinements to the field", () => {
    const refined = z
      .object({ email: z.string().optional(), token: z.string().optional() })
      .superRefine((v, ctx) => {
        if (v.email && !v.token)
          ctx.addIssue({ code: "custom", path: ["token"], message: "is required with --email" });
      });
    expect(problemsOf(() => parseConfig(refined, { email: "a@b.c", token: "" }))).toEqual([
      "--token ($BATON_TOKEN): is required with --email",
    ]);
    expect(problemsOf(() => parseConfig(schema, { subdomain: "", apiToken: 5 }))).toEqual([
      "--subdomain ($BATON_SUBDOMAIN) is required",
      "--api-token ($BATON_API_TOKEN): Invalid input: expected string, received number",
    ]);
  });

  it("throws one InvalidArgument error whose message lists the problems", () => {
    try {
      parseConfig(schema, {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).code).toBe(Code.InvalidArgument);
      expect((e as ConfigError).describe()).toBe(
        "invalid configuration: --subdomain ($BATON_SUBDOMAIN) is required; --api-token ($BATON_API_TOKEN) is required " +
          "(see --help for every flag and environment variable)",
      );
    }
  });
});

describe("secrets from files: $BATON_<NAME>_FILE", () => {
  const resolveWith = (env: Record<string, string>, cwd = dir(), argv = ["--subdomain", "acme"]) =>
    resolveConfig(schema, { argv, env, cwd });
  const secretFile = (content: string | Buffer, name = "token") => {
    const d = dir();
    writeFileSync(join(d, name), content);
    return join(d, name);
  };

  it("reads a secret from the file the variable names, without one trailing newline", () => {
    for (const [content, value] of [
      ["t0k", "t0k"],
      ["t0k\n", "t0k"],
      ["t0k\r\n", "t0k"],
      ["line one\nline two\n\n", "line one\nline two\n"],
      ["  spaced  \n", "  spaced  "],
    ] as const)
      expect(resolveWith({ BATON_API_TOKEN_FILE: secretFile(content) }).apiToken).toBe(value);
  });

  it("takes a relative path from the working directory; a flag still wins", () => {
    const path = secretFile("from-file\n");
    const cwd = join(path, "..");
    expect(resolveWith({ BATON_API_TOKEN_FILE: "token" }, cwd).apiToken).toBe("from-file");
    expect(
      resolveWith({ BATON_API_TOKEN_FILE: path }, dir(), ["--subdomain", "acme", "--api-token", "flag"])
        .apiToken,
    ).toBe("flag");
  });

  it("refuses both the variable and its _FILE, a missing, empty or oversized file — without the secret", () => {
    const path = secretFile("s3cr3t\n");
    const folder = join(path, "..");
    const empty = secretFile("\n", "empty");
    const big = secretFile(Buffer.alloc(65 * 1024, 0x61), "big");
    const label = "--api-token ($BATON_API_TOKEN)";
    const cases: [Record<string, string>, string][] = [
      [
        { BATON_API_TOKEN: "s3cr3t", BATON_API_TOKEN_FILE: path },
        `${label}: set $BATON_API_TOKEN or $BATON_API_TOKEN_FILE, not both`,
      ],
      [
        { BATON_API_TOKEN_FILE: "/nonexistent/token" },
        `${label}: cannot read $BATON_API_TOKEN_FILE (/nonexistent/token): no such file`,
      ],
      [
        { BATON_API_TOKEN_FILE: folder },
        `${label}: cannot read $BATON_API_TOKEN_FILE (${folder}): it is a directory`,
      ],
      [{ BATON_API_TOKEN_FILE: empty }, `${label}: $BATON_API_TOKEN_FILE names an empty file (${empty})`],
      [
        { BATON_API_TOKEN_FILE: big },
        `${label}: $BATON_API_TOKEN_FILE names a file larger than 64 KiB (${big}); it should hold only the secret`,
      ],
    ];
    for (const [env, problem] of cases) expect(problemsOf(() => resolveWith(env))).toEqual([problem]);
  });

  it("applies to secrets only: other fields have no _FILE variable", () => {
    const problems = problemsOf(() =>
      resolveWith({ BATON_API_TOKEN: "t", BATON_SUBDOMAIN_FILE: secretFile("acme") }, dir(), []),
    );
    expect(problems).toEqual(["--subdomain ($BATON_SUBDOMAIN) is required"]);
  });
});
