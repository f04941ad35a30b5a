/** `bazHqApiKey` → `baz-hq-api-key`, `apiURL` → `api-url`, `api_key` → `api-key`. */
export function kebabCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[_\s]+/g, "-")
    .toLowerCase();
}

/** Viper's mapping: `BATON_` + upper-case flag with `-` → `_`, even when the flag starts with "baton". */
export function envName(flag: string): string {
  return `BATON_${flag.toUpperCase().replace(/-/g, "_")}`;
}
