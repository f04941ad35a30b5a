import { packageBuild } from "../../tsup.shared.ts";

// One entry per subpath export: the connector API, the protobuf schemas, the .c1z store, the errors,
// and the light entry point of binaries. @bufbuild/protobuf's runtime is bundled: its ESM build is ~70 small
// modules, whose loading was most of a binary's start-up; its types stay an import of the (still
// listed) dependency.
export default packageBuild(
  {
    index: "src/index.ts",
    proto: "src/exports/proto.ts",
    c1z: "src/exports/c1z.ts",
    errors: "src/exports/errors.ts",
    launch: "src/exports/launch.ts",
  },
  { noExternal: [/^@bufbuild\/protobuf/] },
);
