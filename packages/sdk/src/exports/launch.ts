// `@baton/sdk/launch`: the entry point of a binary that answers --version and --help without loading
// the connector, zod or the engine. It imports nothing else of the SDK at start-up.
export { CLI_HELP_FILE, type CliHelpFile, launch, launchProgram, type Program } from "../cli/launch.js";
