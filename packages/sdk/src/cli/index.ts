export { type CliIo, type CliOutput, main, runCli } from "./run.js";
export { type StandardConfig, standardConfig } from "./standard.js";
