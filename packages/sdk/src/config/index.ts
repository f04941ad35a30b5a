export { CONFIG_TABLE_HEADER, configTableMarkdown, configTableRows } from "./docs.js";
export { type ConfigField, describeFields, type FieldKind } from "./fields.js";
export { envName, kebabCase } from "./names.js";
export { ConfigError, type ParseConfigOptions, parseConfig } from "./parse.js";
export { type ConfigSources, fileEnvName, resolveConfig } from "./resolve.js";
export { httpsUrl, isLoopbackHost, isSecureOrLoopbackUrl, SECURE_URL_MESSAGE } from "./url.js";
