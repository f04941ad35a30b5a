import { parseArgv } from "../config/argv.js";
import { type ConfigField, describeFields } from "../config/fields.js";
import { readConfigFile } from "../config/file.js";
import { ConfigError, checkConfig } from "../config/parse.js";
import { type Env, flagSpec, helpHint, type RawValues, readSources } from "../config/resolve.js";
import { configurationJson } from "../config/schema.js";
import { capabilitiesJson } from "../connector/capabilities.js";
import type { AnyConnector } from "../connector/define.js";
import { BatonError, Code, toBatonError } from "../errors.js";
import { REDACTED } from "../http/redact.js";
import { createLogger } from "../logging/logger.js";
import { createRedactor, type Redactor } from "../logging/redact.js";
import { terminalSafe } from "../logging/terminal.js";
import { SecretSet } from "../secrets.js";
import { serviceCredentials } from "../service/credentials.js";
import { packageNameOf } from "../service/host.js";
import { runService } from "../service/service.js";
import { relationProblems, selectAction } from "./actions.js";
import { execute } from "./execute.js";
import { type Command, commandHelp, commands, rootHelp } from "./help.js";
import { checkConfigNames, switches } from "./reserved.js";
import { opsFlags, type StandardConfig, standardConfig } from "./standard.js";

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
  /** Where `.baton.yaml` is looked for and a relative --file is taken from; default `process.cwd()`. */
  cwd?: string;
  /** Cancels the run (exit code 1); default: SIGINT or SIGTERM of this process. */
  signal?: AbortSignal;
}

interface Run {
  program: string;
  connector: AnyConnector;
  io: CliIo;
  stdout: CliOutput;
  stderr: CliOutput;
  signal: AbortSignal;
  /** Starts turning SIGINT/SIGTERM into `signal` (only once the work begins). */
  listen(): void;
  /** Replaced by one that knows the secrets once the configuration is read. */
  redactor: Redactor;
  debug: boolean;
}

const isOn = (v: unknown) => v === true || (typeof v === "string" && /^(1|t|true)$/i.test(v));

/** Aborts on the first SIGINT/SIGTERM; a second one gets Node's default handling and ends the process. */
function processInterrupt() {
  const controller = new AbortController();
  const onSignal = () => {
    controller.abort();
    // Only after this signal's other listeners ran: the temporary-file clean-up listener, seeing this
    // one still registered, leaves the exit to the run instead of ending the process by the signal.
    setImmediate(stop);
  };
  const stop = () => process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  const listen = () => process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  return { signal: controller.signal, listen, stop };
}

/** The connector's fields and the standard ones; a clash between them is reported as defineConnector does. */
function fieldsOf(connector: AnyConnector) {
  checkConfigNames(connector.name, connector.config);
  return { fields: describeFields(connector.config), standard: describeFields(standardConfig) };
}

const secretValues = (fields: ConfigField[], raw: RawValues): string[] =>
  fields
    .filter((f) => f.secret)
    .flatMap((f) => raw.values[f.key] ?? [])
    .filter((v): v is string => typeof v === "string" && v !== "");

/** Runs a connector binary: parses flags, env and `.baton.yaml`, then syncs or runs one write action. */
export async function runCli(connector: AnyConnector, io: CliIo = {}): Promise<number> {
  const interrupt = io.signal ? undefined : processInterrupt();
  const run: Run = {
    program: `baton-${connector.name}`,
    connector,
    io,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    signal: io.signal ?? interrupt!.signal,
    listen: () => interrupt?.listen(),
    redactor: createRedactor([]),
    debug: false,
  };
  try {
    return await start(run);
  } catch (e) {
    return report(run, e);
  } finally {
    interrupt?.stop();
  }
}

/** Handles help, version and the subcommands; everything else is a sync or a write action. */
async function start(run: Run): Promise<number> {
  const { connector, program, stdout } = run;
  const hint = helpHint(program);
  const { fields, standard } = fieldsOf(connector);
  const specs = [...[...fields, ...standard].map(flagSpec), ...switches];
  const argv = parseArgv(run.io.argv ?? process.argv.slice(2), specs, hint);

  const [command, ...extra] = argv.positionals;
  if (command !== undefined && !Object.hasOwn(commands, command)) {
    throw new BatonError(Code.InvalidArgument, `unknown command "${command}" for "${program}"`, { hint });
  }
  if (command === "help" || isOn(argv.values.get("help"))) {
    const topic = command === "help" ? extra[0] : command;
    const known = topic !== undefined && Object.hasOwn(commands, topic);
    stdout.write(
      known ? commandHelp(program, topic as Command) : rootHelp(program, connector, fields, standard),
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

  const env = run.io.env ?? process.env;
  const cwd = run.io.cwd ?? process.cwd();
  const file = readConfigFile(env, cwd);
  const raw = readSources(fields, argv, env, file, cwd);
  const stdRaw = readSources(standard, argv, env, file, cwd);
  // The logger and the redactor exist before validation, so even configuration errors are redacted.
  // One live set: tokens the connector or the SDK register later are redacted from then on too.
  const secrets = new SecretSet([...secretValues(fields, raw), ...secretValues(standard, stdRaw)]);
  const level = standardConfig.shape.logLevel.safeParse(stdRaw.values.logLevel).data ?? "info";
  const format =
    standardConfig.shape.logFormat.safeParse(stdRaw.values.logFormat).data ??
    (run.stderr.isTTY ? "console" : "json");
  run.redactor = createRedactor(secrets);
  run.debug = level === "debug";
  const logger = createLogger({ level, format, secrets, stream: run.stderr });

  const serviceMode = stdRaw.values.clientId !== undefined || stdRaw.values.clientSecret !== undefined;
  const config = checkConfig(connector.config, raw.values, raw.invalid);
  const std = checkConfig(standardConfig, stdRaw.values, stdRaw.invalid);
  const problems = [
    ...raw.problems,
    ...stdRaw.problems,
    ...(config.ok ? [] : config.problems),
    ...(std.ok ? [] : std.problems),
    ...relationProblems(std.ok ? std.value : (stdRaw.values as Partial<StandardConfig>)),
  ];
  if (serviceMode) {
    const missing = stdRaw.values.clientId === undefined ? "--client-id" : "--client-secret";
    if (stdRaw.values.clientId === undefined || stdRaw.values.clientSecret === undefined)
      problems.push(`--client-id and --client-secret are required together (missing ${missing})`);
  }
  if (!config.ok || !std.ok || problems.length) throw new ConfigError(problems, hint);

  if (serviceMode) {
    const s = std.value;
    const credentials = serviceCredentials(s.clientId!, s.clientSecret!, env.BATON_C1_API_HOST);
    logger.debug("configuration", {
      mode: "service",
      config: Object.fromEntries(fields.map((f) => [f.flag, f.secret ? REDACTED : config.value[f.key]])),
    });
    run.listen();
    const packageName = packageNameOf(process.argv[1], program);
    await runService({
      connector,
      config: config.value,
      credentials,
      env,
      logger,
      secrets,
      signal: run.signal,
      taskConcurrency: s.taskConcurrency,
      provisioning: s.provisioning,
      skipFullSync: s.skipFullSync,
      syncResourceTypes: s.syncResourceTypes,
      workers: s.workers,
      httpTimeoutMs: s.httpTimeoutSeconds * 1000,
      ...(s.c1zTempDir ? { tempDir: s.c1zTempDir } : {}),
      ...(s.healthCheck ? { healthCheck: { port: s.healthCheckPort, host: s.healthCheckBindAddress } } : {}),
      ...(packageName ? { packageName } : {}),
    });
    logger.info("service mode: stopped");
    return 0;
  }

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

  run.listen();
  const stderr = { write: (s: string) => run.stderr.write(run.redactor.text(s)), isTTY: run.stderr.isTTY };
  const ctx = {
    connector,
    config: config.value,
    standard: std.value,
    logger,
    format,
    secrets,
    signal: run.signal,
    stderr,
    ...(run.io.cwd ? { cwd: run.io.cwd } : {}),
  };
  const line = await execute(action, ctx);
  if (line !== undefined) stdout.write(`${terminalSafe(run.redactor.text(line))}\n`);
  return 0;
}

/** Prints the error as one redacted line (plus the stack at debug level); returns the exit code. */
function report(run: Run, e: unknown): number {
  const cancelled = run.signal.aborted && toBatonError(e).code !== Code.Canceled;
  const error = cancelled ? new BatonError(Code.Canceled, "cancelled", { cause: e }) : toBatonError(e);
  run.stderr.write(`error: ${terminalSafe(run.redactor.text(error.describe()))}\n`);
  const stack = (error.cause instanceof Error ? error.cause : error).stack;
  if (run.debug && stack)
    run.stderr.write(`${run.redactor.text(stack).split("\n").map(terminalSafe).join("\n")}\n`);
  return error.code === Code.OK ? Code.Unknown : error.code;
}

/** Runs the connector binary with the process's arguments and sets `process.exitCode`. */
export async function main(connector: AnyConnector): Promise<void> {
  process.exitCode = await runCli(connector);
}
