// The `baton` binary (the build adds the #!/usr/bin/env node line). --version and the help texts come
// from the outputs the build recorded; a command loads the inspector and, through it, the .c1z store.
import { Writable } from "node:stream";
import { launchProgram } from "@baton/sdk/launch";

// A reader that went away (`baton grants | head`) ends the output; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const sink = (to: { write(chunk: string): unknown }) =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      to.write(chunk.toString());
      done();
    },
  });

await launchProgram(import.meta.url, async () => {
  const [{ runBaton }, { COMMANDS }] = await Promise.all([
    import("./index.js"),
    import("./commands/index.js"),
  ]);
  const groups = [...new Set(COMMANDS.filter((c) => c.path.length > 1).map((c) => c.path[0]!))];
  return {
    run: (argv, io) =>
      io ? runBaton(argv, { stdout: sink(io.stdout), stderr: sink(io.stderr) }) : runBaton(argv),
    staticForms: [
      [],
      ["--version"],
      ["--help"],
      ["-h"],
      ["help"],
      ...[...COMMANDS.map((c) => c.path), ...groups.map((g) => [g])].flatMap((path) => [
        [...path, "--help"],
        [...path, "-h"],
        ["help", ...path],
      ]),
    ],
  };
});
