// Lets crash.test.ts run child-writer.ts from the TypeScript sources: relative `.js` specifiers that
// do not exist resolve to the `.ts` file next to them (as TypeScript's NodeNext resolution does).
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (e) {
      if (specifier.startsWith(".") && specifier.endsWith(".js"))
        return next(`${specifier.slice(0, -3)}.ts`, context);
      throw e;
    }
  },
});
