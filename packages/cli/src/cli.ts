import { runBaton } from "./index.js";

// A reader that went away (`baton grants | head`) ends the output; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

process.exitCode = await runBaton(process.argv.slice(2));
