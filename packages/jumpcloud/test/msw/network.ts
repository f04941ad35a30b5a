import { recordRequests, setupMswNetwork, useMswNetwork } from "@baton/testing";

/** The package's MSW network: intercepts every request of the test process (undici included). */
export const network = setupMswNetwork();

/** Every request of the current test, with its response's status (cleared after each test). */
export const traffic = recordRequests(network);

/** Enables the network around the calling test file; handlers added with `network.use` last one test. */
export const useNetwork = (): void => useMswNetwork(network, traffic);
