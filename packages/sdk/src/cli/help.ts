import type { ConfigField } from "../config/fields.js";
import { fileEnvName } from "../config/resolve.js";
import type { AnyConnector } from "../connector/define.js";

export const commands = {
  capabilities: "Print the connector's capabilities as JSON (what baton_capabilities.json holds)",
  config: "Print the connector's configuration schema as JSON",
  help: "Help about any command",
} as const;
export type Command = keyof typeof commands;

interface Row {
  names: string;
  usage: string;
}

const typeName: Record<ConfigField["kind"], string> = {
  string: " string",
  enum: " string",
  number: " int",
  "string-list": " strings",
  boolean: "",
};

/** Like pflag: zero values are not shown, and secrets never. */
function defaultText(f: ConfigField): string {
  const d = f.default;
  if (f.secret || d === undefined || d === "" || d === 0 || d === false) return "";
  if (Array.isArray(d)) return d.length ? ` (default [${d.join(",")}])` : "";
  return typeof d === "string" ? ` (default ${JSON.stringify(d)})` : ` (default ${String(d)})`;
}

const envText = (f: ConfigField) =>
  f.secret ? `$${f.env}, or a file named by $${fileEnvName(f)}` : `$${f.env}`;

const flagRow = (f: ConfigField): Row => ({
  names: `  ${f.shorthand ? `-${f.shorthand}, ` : "    "}--${f.flag}${typeName[f.kind]}`,
  usage: `${f.required ? "required: " : ""}${f.description ? `${f.description} ` : ""}(${envText(f)})${defaultText(f)}`,
});

function renderSections(sections: [title: string, rows: Row[]][]): string {
  const width = Math.min(46, Math.max(...sections.flatMap(([, rows]) => rows.map((r) => r.names.length))));
  return sections
    .filter(([, rows]) => rows.length)
    .map(
      ([title, rows]) => `${title}:\n${rows.map((r) => `${r.names.padEnd(width)}   ${r.usage}\n`).join("")}`,
    )
    .join("\n");
}

const standardSections: [title: string, flags: string[]][] = [
  [
    "Sync flags",
    [
      "file",
      "sync-resource-types",
      "sync-resources",
      "skip-entitlements-and-grants",
      "skip-grants",
      "workers",
    ],
  ],
  [
    "Write action flags",
    [
      "provisioning",
      "grant-entitlement",
      "grant-principal",
      "grant-principal-type",
      "revoke-grant",
      "create-account-login",
      "create-account-email",
      "create-account-profile",
      "create-account-resource-type",
      "delete-resource",
      "delete-resource-type",
      "rotate-credentials",
      "rotate-credentials-type",
    ],
  ],
  ["Global flags", ["log-level", "log-format", "http-timeout-seconds", "help", "version"]],
  [
    "Service mode flags",
    ["client-id", "client-secret", "task-concurrency", "skip-full-sync", "health-check", "health-check-port"],
  ],
];

interface WriteAction {
  name: string;
  supported: (c: AnyConnector) => boolean;
  what: string;
  example: (t: ExampleTypes) => string;
}

/** Resource type ids for the examples: the connector's own where it has them. */
interface ExampleTypes {
  granted: string;
  user: string;
  deleted: string;
  rotated: string;
}
function exampleTypes(c: AnyConnector): ExampleTypes {
  const first = (pick: (rt: AnyConnector["resourceTypes"][number]) => unknown) =>
    c.resourceTypes.find(pick)?.id;
  const user = first((rt) => rt.traits?.includes("user")) ?? "user";
  return {
    granted: first((rt) => rt.grant) ?? "group",
    user,
    deleted: first((rt) => rt.deleteResource) ?? user,
    rotated: first((rt) => rt.rotateCredentials) ?? user,
  };
}

const writeActions: WriteAction[] = [
  {
    name: "grant",
    supported: (c) => c.resourceTypes.some((rt) => rt.grant),
    what: "Give a principal an entitlement, e.g. make 456 a member of 123:",
    example: (t) =>
      `--grant-entitlement ${t.granted}:123:member --grant-principal-type ${t.user} --grant-principal 456`,
  },
  {
    name: "revoke",
    supported: (c) => c.resourceTypes.some((rt) => rt.revoke),
    what: "Take a grant away, e.g. remove 456 from 123:",
    example: (t) => `--revoke-grant ${t.granted}:123:member:${t.user}:456`,
  },
  {
    name: "create account",
    supported: (c) => c.resourceTypes.some((rt) => rt.createAccount),
    what: "Create an account, e.g. invite a user (generated credentials are not shown):",
    example: () =>
      "--create-account-email ada@example.com [--create-account-login ada] [--create-account-profile '{...}']",
  },
  {
    name: "delete",
    supported: (c) => c.resourceTypes.some((rt) => rt.deleteResource),
    what: "Delete a resource:",
    example: (t) => `--delete-resource 456 --delete-resource-type ${t.deleted}`,
  },
  {
    name: "rotate",
    supported: (c) => c.resourceTypes.some((rt) => rt.rotateCredentials),
    what: "Rotate a resource's credentials (the new ones are not shown):",
    example: (t) => `--rotate-credentials 456 --rotate-credentials-type ${t.rotated}`,
  },
];

function writeActionsText(connector: AnyConnector): string {
  const t = exampleTypes(connector);
  const rows = writeActions
    .map((a) => `  ${a.name.padEnd(16)}${a.what}\n  ${"".padEnd(16)}  ${a.example(t)}\n`)
    .join("");
  const supported = writeActions.filter((a) => a.supported(connector)).map((a) => a.name);
  return (
    `Write actions (each changes ${connector.displayName}; add --provisioning to confirm; ` +
    "the ids are those a sync stored in --file):\n" +
    rows +
    `  ${connector.displayName} supports ${supported.length ? supported.join(", ") : "none of them"}.\n`
  );
}

/** What the connector syncs, and what each write action does to each resource type (from the declarations). */
function resourceTypesText(connector: AnyConnector): string {
  const rows = connector.resourceTypes.map((rt) => {
    const can = writeActions
      .filter((a) => a.supported({ ...connector, resourceTypes: [rt] }))
      .map((a) => a.name);
    const what = rt.description ?? rt.displayName;
    return `  ${rt.id.padEnd(16)}${what}${can.length ? ` [${can.join(", ")}]` : ""}
`;
  });
  return `Resource types (id, what it is, the write actions it supports):\n${rows.join("")}`;
}

function serviceModeText(program: string): string {
  return `Service mode (a long-running ConductorOne connector, e.g. a Kubernetes Deployment):
  With --client-id and --client-secret (BATON_CLIENT_ID, BATON_CLIENT_SECRET) ${program} keeps a
  connection to ConductorOne, runs the tasks it sends (syncs, whose files it uploads; with
  --provisioning also grants, revokes, account creation and deletion) and logs JSON lines unless
  stderr is a terminal. Every other flag works as without them. SIGTERM or SIGINT stops it: a running
  task gets 5 s to finish, then it is cancelled. Set in the environment only:
    BATON_C1_API_HOST    send requests to this host[:port] instead of the client id's host
    BATON_HOST_ID        the name this connector reports to ConductorOne (default: the hostname)
    NODE_EXTRA_CA_CERTS  a PEM file of extra CA certificates to trust (e.g. a TLS-inspecting proxy's)
`;
}

function examplesText(program: string, connector: AnyConnector, fields: ConfigField[]): string {
  const required = fields.filter((f) => f.required);
  const value = (f: ConfigField) => f.placeholder ?? `<${f.flag}>`;
  // Secrets never as flags: every user of the machine sees a command line in `ps`.
  const secretEnv = required
    .filter((f) => f.secret)
    .map((f) => `${f.env}=${value(f)} `)
    .join("");
  const flags = required
    .filter((f) => !f.secret)
    .map((f) => ` --${f.flag} ${value(f)}`)
    .join("");
  const env = required
    .map((f) => (f.secret ? `${fileEnvName(f)}=/run/secrets/${f.flag} ` : `${f.env}=${value(f)} `))
    .join("");
  const types = connector.resourceTypes.slice(0, 2).map((rt) => rt.id);
  const anySecret = required.some((f) => f.secret);
  const lines = [
    `  # Sync everything into sync.c1z${anySecret ? " (secrets in the environment, never as flags: ps shows flags)" : ""}`,
    `  ${secretEnv}${program}${flags}`,
    "",
    `  # The same, configured through the environment${anySecret ? ", the secrets read from files" : ""}`,
    `  ${env}${program}`,
  ];
  if (types.length) {
    lines.push("", "  # Sync some resource types only, without entitlements and grants");
    lines.push(`  ${program} --sync-resource-types ${types.join(",")} --skip-entitlements-and-grants`);
  }
  for (const a of writeActions.slice(0, 2).filter((w) => w.supported(connector))) {
    lines.push(
      "",
      `  # ${a.name[0]!.toUpperCase()}${a.name.slice(1)} (after a sync)`,
      `  ${program} -p ${a.example(exampleTypes(connector))}`,
    );
  }
  lines.push("", "  # Write the capabilities file", `  ${program} capabilities > baton_capabilities.json`);
  lines.push(
    "",
    "  # Run as a ConductorOne service, with the credentials of a connector made in ConductorOne",
    `  BATON_CLIENT_ID=<client id> BATON_CLIENT_SECRET_FILE=/run/secrets/client-secret ${env}${program} --provisioning`,
  );
  return `Examples:\n${lines.join("\n")}\n`;
}

/** `--help`: cobra's layout, every flag with its env var, default and "required:" prefix. */
export function rootHelp(
  program: string,
  connector: AnyConnector,
  fields: ConfigField[],
  standard: ConfigField[],
) {
  const byFlag = new Map(standard.map((f) => [f.flag, f]));
  // --help and --version are switches of the runner, not configuration fields.
  const row = (flag: string): Row => {
    const f = byFlag.get(flag);
    if (f) return flagRow(f);
    return { names: flag === "help" ? "  -h, --help" : `      --${flag}`, usage: `${flag} for ${program}` };
  };
  const sections: [string, Row[]][] = [
    [`${connector.displayName} flags`, fields.filter((f) => !f.hidden).map(flagRow)],
    ...standardSections.map(([title, flags]): [string, Row[]] => [title, flags.map(row)]),
  ];
  const about = connector.description ?? `${connector.displayName} connector for ConductorOne`;
  const commandList = Object.entries(commands)
    .map(([name, what]) => `  ${name.padEnd(14)}${what}\n`)
    .join("");
  return (
    `${about}\n\nUsage:\n  ${program} [flags]\n  ${program} [command]\n\nAvailable Commands:\n${commandList}\n` +
    `${renderSections(sections)}\n${resourceTypesText(connector)}\n${writeActionsText(connector)}\n` +
    `${serviceModeText(program)}\n` +
    `${examplesText(program, connector, fields)}\n` +
    `Use "${program} [command] --help" for more information about a command.\n`
  );
}

export function commandHelp(program: string, command: Command): string {
  const usage = command === "help" ? `${program} help [command]` : `${program} ${command} [flags]`;
  return `${commands[command]}\n\nUsage:\n  ${usage}\n\nFlags:\n  -h, --help   help for ${command}\n`;
}
