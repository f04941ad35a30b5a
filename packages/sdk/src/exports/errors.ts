// `@baton/sdk/errors`: the SDK's errors (one class, gRPC codes that are also exit codes) and the
// terminal-safe text they and vendor strings are printed through. For tools built on
// `@baton/sdk/c1z` that should not load the connector API (zod, the HTTP client) to report an error.
export * from "../errors.js";
export { terminalSafe, terminalSafeJson } from "../logging/terminal.js";
