export * from "./c1z/index.js";
export * from "./connector/index.js";
export * from "./errors.js";
export * from "./http/index.js";
export * from "./log.js";
export * from "./proto.js";
export * from "./provision/index.js";
export { protoRegistry } from "./registry.js";
export * from "./sync/index.js";
