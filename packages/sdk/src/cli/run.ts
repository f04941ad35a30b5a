import type { FlagSpec } from "../config/argv.js";
import { parseArgv } from "../config/argv.js";
import { type ConfigField, describeFields } from "../config/fields.js";
import { readConfigFile } from "../config/file.js";
import { ConfigError, checkConfig } from "../config/parse.js";
import { type Env, flagSpec, helpHint, type RawValues, readSources } from "../config/resolve.js";
import { configurationJson } from "../config/schema.js";
import type { AnyConnector } from "../connector/define.js";
import { BatonError, Code, toBatonError } from "../errors.js";
import type { Logger, LogLevel } from "../log.js";
import { createLogger, type LogFormat } from "../logging/logger.js";
import { createRedactor, type Redactor } from "../logging/redact.js";
import { type Action, relationProblems, selectAction } from "./actions.js";
import { capabilitiesJson } from "./capabilities.js";
import { type Command, commandHelp, commands, rootHelp } from "./help.js";
import * as ops from "./operations.js";
import { opsFlags, type StandardConfig, standardConfig } from "./standard.js";
import { createAccountLine, syncSummaryText } from "./summary.js";

export interface CliOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  /** Arguments without the program name; default `process.argv.slice(2)`. */
  argv?: readonly string[];
  env?: Env;
  stdout?: CliOutput;
  stderr?: CliOutput;
  /** Where `.baton.yaml` is looked for; default `process.cwd()`. */
  cwd?: string;
  /** Cancels the run (exit code 1); default: SIGINT or SIGTERM of this process. */
  signal?: AbortSignal;
}

const switches: FlagSpec[] = [
  { flag: "help", shorthand: "h", boolean: true, list: false },
  { flag: "version", boolean: true, list: false },
];

const isOn = (v: unknown) => v === true || (typeof v === "string" && /^(1|t|true)$/i.test(v));

const REDACTED = "[REDACTED]";

interface Run {
  program: string;
  connector: AnyConnector;
  stdout: CliOutput;
  stderr: CliOutput;
  redactor: Redactor;
  debug: boolean;
  signal?: AbortSignal;
}

function fieldsOf(connector: AnyConnector) {
  const fields = describeFields(connector.config);
  const standard = describeFields(standardConfig);
  const taken = new Set(
    [...standard, ...switches].flatMap((f) => [f.flag, f.shorthand && `-${f.shorthand}`]),
  );
  for (const f of fields) {
    if (taken.has(f.flag) || (f.shorthand && taken.has(`-${f.shorthand}`))) {
      throw new BatonError(
        Code.Internal,
        `connector ${connector.name}: config field --${f.flag} clashes with a standard flag`,
      );
    }
  }
  return { fields, standard };
}

function secretValues(fields: ConfigField[], raw: RawValues): string[] {
  return fields
    .filter((f) => f.secret)
    .flatMap((f) => raw.values[f.key] ?? [])
    .filter((v): v is string => typeof v === "string" && v !== "");
}

function loggerSettings(raw: RawValues, stderr: CliOutput): { level: LogLevel; format: LogFormat } {
  const level = raw.values.logLevel as LogLevel | undefined;
  const format = raw.values.logFormat as LogFormat | undefined;
  return {
    level: level && ["debug", "info", "warn", "error"].includes(level) ? level : "info",
    format: format === "json" || format === "console" ? format : stderr.isTTY ? "console" : "json",
  };
}

/** Runs a connector binary: parses flags, env and `.baton.yaml`, then syncs or runs one write action. */
export async function runCli(connector: AnyConnector, io: CliIo = {}): Promise<number> {
  const run: Run = {
    program: `baton-${connector.name}`,
    connector,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    redactor: createRedactor([]),
    debug: false,
  };
  const interrupt = io.signal ? undefined : new AbortController();
  const onSignal = () => {
    interrupt?.abort();
    // A second Ctrl-C gets Node's default handling and ends the process at once.
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  };
  run.signal = io.signal ?? interrupt!.signal;
  try {
    return await start(run, io, onSignal);
  } catch (e) {
    return report(run, e);
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
}

async function start(run: Run, io: CliIo, onSignal: () => void): Promise<number> {
  const { connector, program, stdout, stderr } = run;
  const env = io.env ?? process.env;
  const hint = helpHint(program);
  const { fields, standard } = fieldsOf(connector);
  const argv = parseArgv(
    io.argv ?? process.argv.slice(2),
    [...[...fields, ...standard].map(flagSpec), ...switches],
    hint,
  );

  const [command, ...extra] = argv.positionals;
  if (command !== undefined && !(command in commands)) {
    throw new BatonError(Code.InvalidArgument, `unknown command "${command}" for "${program}"`, { hint });
  }
  if (command === "help" || isOn(argv.values.get("help"))) {
    const topic = command === "help" ? extra[0] : command;
    stdout.write(
      topic && topic in commands
        ? commandHelp(program, topic as Command)
        : rootHelp(program, connector, fields, standard),
    );
    return 0;
  }
  if (extra.length) throw new BatonError(Code.InvalidArgument, `unexpected argument "${extra[0]}"`, { hint });
  if (isOn(argv.values.get("version"))) {
    stdout.write(`${program} version ${connector.version}\n`);
    return 0;
  }
  if (command === "capabilities") {
    stdout.write(capabilitiesJson(connector));
    return 0;
  }
  if (command === "config") {
    const schemaFields = [...fields, ...standard.filter((f) => opsFlags.has(f.flag))];
    const helpUrl = connector.helpUrl === undefined ? {} : { helpUrl: connector.helpUrl };
    stdout.write(
      configurationJson(schemaFields, { displayName: connector.displayName, ...helpUrl, opsFlags }),
    );
    return 0;
  }

  const file = readConfigFile(env, io.cwd ?? process.cwd());
  const raw = readSources(fields, argv, env, file);
  const stdRaw = readSources(standard, argv, env, file);
  const secrets = [...secretValues(fields, raw), ...secretValues(standard, stdRaw)];
  const { level, format } = loggerSettings(stdRaw, stderr);
  run.redactor = createRedactor(secrets);
  run.debug = level === "debug";
  const logger = createLogger({ level, format, secrets, stream: stderr });

  if (stdRaw.values.clientId !== undefined || stdRaw.values.clientSecret !== undefined) {
    throw new BatonError(
      Code.Unimplemented,
      "service mode (--client-id/--client-secret) is not supported yet: run without them to write --file, then upload it",
    );
  }

  const config = checkConfig(connector.config, raw.values, raw.invalid);
  const std = checkConfig(standardConfig, stdRaw.values, stdRaw.invalid);
  const problems = [
    ...raw.problems,
    ...stdRaw.problems,
    ...(config.ok ? [] : config.problems),
    ...(std.ok ? [] : std.problems),
    ...relationProblems(std.ok ? std.value : (stdRaw.values as Partial<StandardConfig>)),
  ];
  if (!config.ok || !std.ok || problems.length) throw new ConfigError(problems, hint);

  const action = selectAction(std.value);
  if (action.kind !== "sync" && !std.value.provisioning) {
    throw new BatonError(
      Code.InvalidArgument,
      `${action.flag} changes ${connector.displayName}; add --provisioning to confirm`,
    );
  }
  logger.debug("configuration", {
    action: action.kind,
    config: Object.fromEntries(fields.map((f) => [f.flag, f.secret ? REDACTED : config.value[f.key]])),
  });

  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  const line = await execute(run, action, config.value, std.value, { logger, secrets, format });
  if (line !== undefined) stdout.write(`${run.redactor.text(line)}\n`);
  return 0;
}

/** Runs the action; returns the result line to print on stdout, if any. */
async function execute(
  run: Run,
  action: Action,
  config: unknown,
  s: StandardConfig,
  o: { logger: Logger; secrets: string[]; format: LogFormat },
): Promise<string | undefined> {
  const { connector } = run;
  const common = {
    file: s.file,
    logger: o.logger,
    signal: run.signal!,
    httpTimeoutMs: s.httpTimeoutSeconds * 1000,
    secrets: o.secrets,
  };
  switch (action.kind) {
    case "sync": {
      const summary = await ops.sync(connector, config, {
        ...common,
        ...(s.syncResourceTypes.length ? { resourceTypes: s.syncResourceTypes } : {}),
        ...(s.syncResources.length ? { resources: s.syncResources } : {}),
        skipEntitlementsAndGrants: s.skipEntitlementsAndGrants,
        skipGrants: s.skipGrants,
        workers: s.workers,
        progress: o.format === "console" && run.stderr.isTTY ? "tty" : "log",
      });
      if (o.format === "console")
        run.stderr.write(run.redactor.text(syncSummaryText(summary, connector.displayName)));
      else o.logger.info("sync finished", { ...summary });
      return undefined;
    }
    case "grant": {
      const { entitlementId, principalType, principalId } = action;
      const r = await ops.grantEntitlement(connector, config, {
        ...common,
        entitlementId,
        principalType,
        principalId,
      });
      return r === "granted"
        ? `granted ${entitlementId} to ${principalType} ${principalId}`
        : `already existed: ${principalType} ${principalId} already has ${entitlementId}`;
    }
    case "revoke": {
      const r = await ops.revokeGrant(connector, config, { ...common, grantId: action.grantId });
      return r === "revoked" ? `revoked ${action.grantId}` : `already revoked: ${action.grantId}`;
    }
    case "create-account": {
      const { kind, flag, ...account } = action;
      return createAccountLine(await ops.createAccount(connector, config, { ...common, ...account }));
    }
    case "delete": {
      const { resourceType, resourceId } = action;
      const r = await ops.deleteResource(connector, config, { ...common, resourceType, resourceId });
      return r === "deleted"
        ? `deleted ${resourceType} ${resourceId}`
        : `already gone: ${resourceType} ${resourceId}`;
    }
    case "rotate": {
      const { resourceType, resourceId } = action;
      const secrets = await ops.rotateCredentials(connector, config, { ...common, resourceType, resourceId });
      return `rotated the credentials of ${resourceType} ${resourceId} (${secrets.length} new, not shown)`;
    }
  }
}

/** Prints the error as one redacted line (plus the stack at debug level); returns the exit code. */
function report(run: Run, e: unknown): number {
  const cancelled = run.signal?.aborted === true && toBatonError(e).code !== Code.Canceled;
  const error = cancelled ? new BatonError(Code.Canceled, "cancelled", { cause: e }) : toBatonError(e);
  run.stderr.write(`error: ${run.redactor.text(error.describe())}\n`);
  const stack = (error.cause instanceof Error ? error.cause : error).stack;
  if (run.debug && stack) run.stderr.write(`${run.redactor.text(stack)}\n`);
  return error.code === Code.OK ? Code.Unknown : error.code;
}

/** Runs the connector binary with the process's arguments and sets `process.exitCode`. */
export async function main(connector: AnyConnector): Promise<void> {
  process.exitCode = await runCli(connector);
}
