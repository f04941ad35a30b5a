import { HttpRequestInterceptor } from "@mswjs/interceptors/http";
import type { AnyHandler } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";

/**
 * An MSW network that intercepts at the socket level, so it sees undici (which msw/node's `setupServer`
 * does not). Unhandled requests fail. Lifecycle: `enable()` before, `resetHandlers()` after each test,
 * `disable()` at the end; `use(...)` adds per-test handlers.
 */
export function setupMswNetwork(...handlers: AnyHandler[]) {
  return defineNetwork({
    sources: [new InterceptorSource({ interceptors: [new HttpRequestInterceptor()] })],
    handlers,
    onUnhandledFrame: "error",
    context: { quiet: true },
  });
}

export type MswNetwork = ReturnType<typeof setupMswNetwork>;
