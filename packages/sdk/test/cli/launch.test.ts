import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLI_HELP_FILE, launch, launchProgram, type Program } from "../../src/cli/launch.js";
import { example } from "./example.js";

let dir: string;
let moduleUrl: string;
let printed: string;
const argv = process.argv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "baton-launch-"));
  writeFileSync(join(dir, "package.json"), '{ "name": "x", "version": "1.2.3" }');
  moduleUrl = pathToFileURL(join(dir, "cli.js")).href;
  printed = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    printed += String(s);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.argv = argv;
  process.exitCode = undefined;
  delete process.env.BATON_RECORD_CLI_HELP;
  rmSync(dir, { recursive: true, force: true });
});

const withArgs = (...args: string[]) => {
  process.argv = ["node", "cli.js", ...args];
};
const helpFile = (version: string, outputs: Record<string, string>) =>
  writeFileSync(join(dir, CLI_HELP_FILE), JSON.stringify({ version, outputs }));

/** A program that answers "ran <args>" with exit code 3, and counts its loads. */
function fake() {
  const loads = { count: 0 };
  const load = async (): Promise<Program> => {
    loads.count++;
    return {
      run: async (args, io) => {
        (io?.stdout ?? process.stdout).write(`ran ${args.join(" ")}\n`);
        return args[0] === "--fails" ? 3 : 0;
      },
      staticForms: [["--version"], ["--fails"], ["help", "x"]],
    };
  };
  return { loads, load };
}

describe("launchProgram", () => {
  it("answers a recorded argument list from the help file without loading the program", async () => {
    helpFile("1.2.3", { '["--version"]': "x version 1.2.3\n" });
    withArgs("--version");
    const { loads, load } = fake();
    await launchProgram(moduleUrl, load);
    expect(printed).toBe("x version 1.2.3\n");
    expect(loads.count).toBe(0);
  });

  it("loads and runs the program for anything else, and sets the exit code", async () => {
    helpFile("1.2.3", { '["--version"]': "x version 1.2.3\n" });
    withArgs("--fails");
    const { loads, load } = fake();
    await launchProgram(moduleUrl, load);
    expect(printed).toBe("ran --fails\n");
    expect(loads.count).toBe(1);
    expect(process.exitCode).toBe(3);
  });

  it("ignores a help file recorded for another version of the package, and a missing one", async () => {
    helpFile("1.2.2", { '["--version"]': "x version 1.2.2\n" });
    withArgs("--version");
    const { loads, load } = fake();
    await launchProgram(moduleUrl, load);
    expect(printed).toBe("ran --version\n");
    rmSync(join(dir, CLI_HELP_FILE));
    await launchProgram(moduleUrl, load);
    expect(loads.count).toBe(2);
  });

  it("matches whole argument lists: one argument holding a space is not two", async () => {
    helpFile("1.2.3", { '["help","x"]': "help of x\n" });
    withArgs("help x");
    const { load } = fake();
    await launchProgram(moduleUrl, load);
    expect(printed).toBe("ran help x\n");
  });

  it("records the outputs of the static forms that exit 0, for this version", async () => {
    const target = join(dir, CLI_HELP_FILE);
    process.env.BATON_RECORD_CLI_HELP = target;
    withArgs();
    const { load } = fake();
    await launchProgram(moduleUrl, load);
    expect(JSON.parse(readFileSync(target, "utf8"))).toEqual({
      version: "1.2.3",
      outputs: { '["--version"]': "ran --version\n", '["help","x"]': "ran help x\n" },
    });
    expect(printed).toBe("");
  });
});

describe("launch (a connector)", () => {
  it("records exactly what the connector's CLI prints for --version, --help and its subcommands", async () => {
    const target = join(dir, CLI_HELP_FILE);
    process.env.BATON_RECORD_CLI_HELP = target;
    withArgs();
    await launch(moduleUrl, async () => example);
    const { outputs } = JSON.parse(readFileSync(target, "utf8"));
    expect(outputs['["--version"]']).toBe("baton-acme version 1.2.3\n");
    expect(outputs['["--help"]']).toContain("\n  baton-acme [flags]\n");
    expect(outputs['["-h"]']).toBe(outputs['["--help"]']);
    expect(JSON.parse(outputs['["capabilities"]']).resourceTypeCapabilities.length).toBeGreaterThan(0);
    expect(outputs['["help","config"]']).toContain("baton-acme config [flags]");
  });
});
