export { type ConfigField, describeFields, type FieldKind } from "./fields.js";
export { envName, kebabCase } from "./names.js";
export { ConfigError, type ParseConfigOptions, parseConfig } from "./parse.js";
export { type ConfigSources, resolveConfig } from "./resolve.js";
