// The parts of Zip's REST API that are documented or seen in working clients: the list envelope and
// the error body. What the connector assumes about users, roles, groups and departments is in
// adapter.ts.
import { z } from "@baton/sdk";

/**
 * Every list answers `{ list, size, total, next_page_token }`: `size` items in this page, `total` in
 * the whole list, and a token for the next page that is absent (or empty) on the last one.
 */
export const listPage = <T extends z.ZodType>(item: T) =>
  z.object({
    list: z.array(item),
    size: z.number().int().nonnegative().optional(),
    total: z.number().int().nonnegative().optional(),
    next_page_token: z.string().nullish(),
  });

/** Zip's error body, e.g. 401 `{"message": "The provided API key is not valid"}`. */
export const errorBody = z.object({ message: z.string() });
