import { describe, expect, it } from "vitest";
import { cli } from "./harness.js";

describe("capabilities", () => {
  it("prints the Any-wrapped ConnectorCapabilities without needing config", async () => {
    const r = await cli(["capabilities"]);
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: `{
  "@type": "type.googleapis.com/c1.connector.v2.ConnectorCapabilities",
  "resourceTypeCapabilities": [
    {
      "resourceType": {
        "id": "group",
        "displayName": "Group",
        "traits": [
          "TRAIT_GROUP"
        ]
      },
      "capabilities": [
        "CAPABILITY_SYNC",
        "CAPABILITY_PROVISION"
      ],
      "permissions": {}
    },
    {
      "resourceType": {
        "id": "user",
        "displayName": "User",
        "traits": [
          "TRAIT_USER"
        ]
      },
      "capabilities": [
        "CAPABILITY_SYNC"
      ],
      "permissions": {}
    }
  ],
  "connectorCapabilities": [
    "CAPABILITY_PROVISION",
    "CAPABILITY_SYNC"
  ],
  "credentialDetails": {}
}`,
    });
  });
});

describe("config", () => {
  it("prints the configuration schema with secrets, required fields, defaults and ops fields", async () => {
    const r = await cli(["config"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`{
  "fields": [
    {
      "name": "subdomain",
      "displayName": "Subdomain",
      "description": "Acme subdomain",
      "placeholder": "example",
      "isRequired": true,
      "stringField": {
        "rules": {
          "pattern": "^[a-z0-9-]+$"
        }
      }
    },
    {
      "name": "api-token",
      "description": "Acme API token",
      "isRequired": true,
      "isSecret": true,
      "stringField": {}
    },
    {
      "name": "orgs",
      "description": "Only sync these organizations",
      "stringSliceField": {}
    },
    {
      "name": "page-size",
      "description": "Page size",
      "intField": {
        "defaultValue": "50",
        "rules": {
          "lte": "100",
          "gte": "1"
        }
      }
    },
    {
      "name": "log-level",
      "description": "Log level: debug, info, warn or error",
      "isOps": true,
      "stringField": {
        "defaultValue": "info",
        "rules": {
          "in": [
            "debug",
            "info",
            "warn",
            "error"
          ]
        }
      }
    },
    {
      "name": "http-timeout-seconds",
      "description": "Timeout of each HTTP request to the vendor, in seconds (1 to 1800)",
      "isOps": true,
      "intField": {
        "defaultValue": "300",
        "rules": {
          "lte": "1800",
          "gte": "1"
        }
      }
    },
    {
      "name": "health-check",
      "description": "Service mode: serve GET /live, /ready and /health over HTTP for liveness and readiness probes",
      "isOps": true,
      "boolField": {}
    },
    {
      "name": "health-check-port",
      "description": "Service mode: the health check port",
      "isOps": true,
      "intField": {
        "defaultValue": "8081",
        "rules": {
          "lte": "65535",
          "gte": "1"
        }
      }
    },
    {
      "name": "health-check-bind-address",
      "description": "Service mode: the address the health checks listen on (0.0.0.0 for Kubernetes probes)",
      "isOps": true,
      "stringField": {
        "defaultValue": "127.0.0.1",
        "rules": {
          "minLen": "1"
        }
      }
    }
  ],
  "displayName": "Acme",
  "helpUrl": "https://example.com/acme"
}`);
  });
});

describe("help and version", () => {
  it("lists every connector field and standard flag with env var, default and required: prefix", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const line = (flag: string) => lines.find((l) => new RegExp(`^ +(-., )?--${flag}( |$)`).test(l)) ?? "";
    expect(line("subdomain")).toMatch(
      /^ {6}--subdomain string +required: Acme subdomain \(\$BATON_SUBDOMAIN\)$/,
    );
    expect(line("api-token")).toContain(
      "required: Acme API token ($BATON_API_TOKEN, or a file named by $BATON_API_TOKEN_FILE)",
    );
    expect(line("orgs")).toMatch(/--orgs strings +Only sync these organizations \(\$BATON_ORGS\)$/);
    expect(line("page-size")).toMatch(/--page-size int +Page size \(\$BATON_PAGE_SIZE\) \(default 50\)$/);
    expect(line("file")).toMatch(/^ {2}-f, --file string .*\(\$BATON_FILE\) \(default "sync.c1z"\)$/);
    expect(line("log-level")).toContain('($BATON_LOG_LEVEL) (default "info")');
    expect(line("http-timeout-seconds")).toContain("($BATON_HTTP_TIMEOUT_SECONDS) (default 300)");
    for (const flag of [
      "log-format",
      "provisioning",
      "grant-entitlement",
      "grant-principal",
      "grant-principal-type",
      "revoke-grant",
      "create-account-login",
      "create-account-email",
      "create-account-profile",
      "create-account-resource-type",
      "delete-resource",
      "delete-resource-type",
      "rotate-credentials",
      "rotate-credentials-type",
      "sync-resources",
      "sync-resource-types",
      "skip-entitlements-and-grants",
      "skip-grants",
      "workers",
      "skip-full-sync",
      "client-id",
      "task-concurrency",
      "health-check",
      "health-check-port",
    ]) {
      expect(line(flag), flag).toContain(`($BATON_${flag.toUpperCase().replace(/-/g, "_")})`);
    }
    expect(line("client-secret")).toContain(
      "($BATON_CLIENT_SECRET, or a file named by $BATON_CLIENT_SECRET_FILE)",
    );
    expect(r.stdout).toContain("  -h, --help");
    expect(r.stdout).toContain(
      "Service mode (a long-running ConductorOne connector, e.g. a Kubernetes Deployment):",
    );
    expect(r.stdout).toMatch(/BATON_C1_API_HOST +send requests to this host\[:port\]/);
    expect(r.stdout).toContain("Write actions (each changes Acme; add --provisioning to confirm");
    expect(r.stdout).toContain(
      "  grant           Give a principal an entitlement, e.g. make 456 a member of 123:",
    );
    expect(r.stdout).toContain("  revoke          Take a grant away, e.g. remove 456 from 123:");
    expect(r.stdout).toContain(
      "Resource types (id, what it is, the write actions it supports):\n  user            User\n  group           Group [grant, revoke]\n",
    );
    expect(r.stdout).toContain("  create account  Create an account");
    expect(r.stdout).toContain("  delete          Delete a resource:");
    expect(r.stdout).toContain("  Acme supports grant, revoke.");
    // Secrets are taught through the environment: a flag's value shows in `ps`.
    expect(r.stdout).toContain(
      "Examples:\n  # Sync everything into sync.c1z (secrets in the environment, never as flags: ps shows flags)\n" +
        "  BATON_API_TOKEN=<api-token> baton-acme --subdomain example\n\n" +
        "  # The same, configured through the environment, the secrets read from files\n" +
        "  BATON_SUBDOMAIN=example BATON_API_TOKEN_FILE=/run/secrets/api-token baton-acme\n",
    );
    expect(r.stdout).not.toMatch(/baton-acme .*--api-token/);
    expect(r.stdout).toContain("  baton-acme -p --revoke-grant group:123:member:user:456\n");
    expect(r.stdout).toContain("  capabilities  Print the connector's capabilities as JSON");
  });

  it("prints the same help for `help` and -h, and a command's own help", async () => {
    const help = (await cli(["--help"])).stdout;
    expect((await cli(["help"])).stdout).toBe(help);
    expect((await cli(["-h"])).stdout).toBe(help);
    expect((await cli(["capabilities", "--help"])).stdout).toBe(
      "Print the connector's capabilities as JSON (what baton_capabilities.json holds)\n\n" +
        "Usage:\n  baton-acme capabilities [flags]\n\nFlags:\n  -h, --help   help for capabilities\n",
    );
    expect((await cli(["help", "config"])).stdout).toContain("Usage:\n  baton-acme config [flags]");
  });

  it("prints the version", async () => {
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: "baton-acme version 1.2.3\n", stderr: "" });
  });

  it("rejects unknown commands", async () => {
    expect(await cli(["synk"])).toEqual({
      code: 3,
      stdout: "",
      stderr: 'error: unknown command "synk" for "baton-acme" (run baton-acme --help to list the flags)\n',
    });
  });
});
