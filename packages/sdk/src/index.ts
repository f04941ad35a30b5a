// `@baton/sdk`: what a connector author uses. The generated protobuf schemas are in
// `@baton/sdk/proto`, the .c1z store in `@baton/sdk/c1z`.

export type { Any } from "@bufbuild/protobuf/wkt";
/** The zod the SDK uses, so a connector needs no zod copy of its own. */
export { z } from "zod";
export * from "./cli/index.js";
export * from "./config/index.js";
export * from "./connector/index.js";
export * from "./errors.js";
export * from "./http/index.js";
export * from "./log.js";
export * from "./logging/index.js";
/** The messages handlers receive and return. */
export type {
  AccountInfo,
  ConnectorCapabilities,
  Entitlement,
  Grant,
  LocalCredentialOptions,
  PlaintextData,
  Resource,
  ResourceId,
  ResourceType,
} from "./proto.js";
export * from "./provision/index.js";
export { SecretSet } from "./secrets.js";
export * from "./service/index.js";
export * from "./sync/index.js";
export { privateTempDir, removeOnExit } from "./tempfiles.js";
export { packageVersion } from "./version.js";
