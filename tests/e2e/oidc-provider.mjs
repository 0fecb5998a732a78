// A real OpenID Connect provider for the SSO end-to-end tests (npm
// oidc-provider): listens on 127.0.0.1 on a free port, its issuer is
// http://127.0.0.1:PORT, and it prints `OIDC provider at http://127.0.0.1:PORT`
// once ready.
//
// One confidential client, from the environment or the command line:
//   OIDC_CLIENT_ID / --client-id, OIDC_CLIENT_SECRET / --client-secret,
//   OIDC_REDIRECT_URI / --redirect-uri
// Authorization code grant with PKCE (S256). Sign-in is the provider's
// built-in development login form (any password) for the accounts below;
// consent is pre-granted, so a person only fills the login form.
//
//   node tests/e2e/oidc-provider.mjs --client-id roster --client-secret s3cret \
//     --redirect-uri http://127.0.0.1:8080/api/v1/auth/oidc/callback

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

function option(name, envName) {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : process.env[envName];
  if (!value) {
    console.error(`oidc-provider.mjs: give --${name} or ${envName}`);
    process.exit(2);
  }
  return value;
}

const clientId = option("client-id", "OIDC_CLIENT_ID");
const clientSecret = option("client-secret", "OIDC_CLIENT_SECRET");
const redirectUri = option("redirect-uri", "OIDC_REDIRECT_URI");

// The people the provider knows, by login name.
const ACCOUNTS = {
  "ada@company.example": { email: "ada@company.example", email_verified: true, name: "Ada Lovelace" },
  "grace@company.example": { email: "grace@company.example", email_verified: true },
  "mallory@company.example": { email: "mallory@company.example", email_verified: false, name: "Mallory" },
  "paula@partner.example": { email: "paula@partner.example", email_verified: true, name: "Paula Partner" },
};

// Listen first: the issuer needs the port.
const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "e2e", use: "sig", alg: "RS256" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  pkce: { required: () => true },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  // The ID token carries the scopes' claims (Roster reads only the ID token).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const claims = ACCOUNTS[id];
    if (!claims) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...claims };
      },
    };
  },
  // Consent is pre-granted: the first-party client gets openid email profile.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});

server.on("request", provider.callback());
provider.on("server_error", (_ctx, error) => console.error(`oidc-provider server error: ${error.message}`));
provider.on("grant.error", (_ctx, error) => console.error(`oidc-provider grant error: ${error.message}`));

console.log(`OIDC provider at ${issuer}`);

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
