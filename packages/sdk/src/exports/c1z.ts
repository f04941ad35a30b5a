// `@baton/sdk/c1z`: the .c1z store. openC1z reads any v1 file (ours or the Go SDK's),
// openC1zForWrite writes one, validateSync checks a sync's consistency.
export * from "../c1z/index.js";
/** Private temporary files and directories, removed at exit, like the store's own. */
export { privateTempDir, removeOnExit } from "../tempfiles.js";
