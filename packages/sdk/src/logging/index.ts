export { createLogger, type LogFormat, type LoggerOptions } from "./logger.js";
export { createRedactor, type Redactor } from "./redact.js";
export { terminalSafe, terminalSafeJson } from "./terminal.js";
