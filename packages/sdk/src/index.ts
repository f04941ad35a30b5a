/** The zod the SDK uses, so a connector needs no zod copy of its own. */
export { z } from "zod";
export * from "./c1z/index.js";
export * from "./cli/index.js";
export * from "./config/index.js";
export * from "./connector/index.js";
export * from "./errors.js";
export * from "./http/index.js";
export * from "./log.js";
export * from "./logging/index.js";
export * from "./proto.js";
export * from "./provision/index.js";
export { protoRegistry } from "./registry.js";
export { SecretSet } from "./secrets.js";
export * from "./sync/index.js";
export { privateTempDir, removeOnExit } from "./tempfiles.js";
export { packageVersion } from "./version.js";
