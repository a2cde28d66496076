// Uses the official Infisical Node SDK against Keyturn exactly as an application would: siteUrl, universal-auth login,
// listSecrets, getSecret and writes. InfisicalSdkTests copies this file into a folder under the SDK's install directory
// so that the bare import below resolves the way it does in a user's project, runs it with node, and asserts on the one JSON line it prints.
//
// Parameters come from the environment, never the command line (the client secrets are secrets):
//   KEYTURN_SITE_URL, KEYTURN_CLIENT_ID, KEYTURN_CLIENT_SECRET (the reader: a viewer identity),
//   KEYTURN_WRITER_CLIENT_ID, KEYTURN_WRITER_CLIENT_SECRET (a developer identity, for the write round trip),
//   KEYTURN_PROJECT_ID, KEYTURN_ENVIRONMENT, KEYTURN_SECRET_PATH, KEYTURN_SECRET_NAME, KEYTURN_OTHER_ENVIRONMENT
//   (an environment the identities' memberships do not cover).
// Every call below is made with a token from universal-auth login: the SDK never holds an API (root) token.
// The output never carries a token or a client secret; secret values are printed because the test checks them.
import { InfisicalSDK } from "@infisical/sdk";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const siteUrl = env("KEYTURN_SITE_URL");
const where = {
  projectId: env("KEYTURN_PROJECT_ID"),
  environment: env("KEYTURN_ENVIRONMENT"),
  secretPath: env("KEYTURN_SECRET_PATH"),
};
const secretName = env("KEYTURN_SECRET_NAME");

// The SDK reports the status only inside its error message ("[StatusCode=403] ..." or "... with status 403").
const outcome = async (call) => {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const match = /StatusCode=(\d{3})|status (\d{3})/.exec(error.message ?? "");
    return { ok: false, status: match ? Number(match[1] ?? match[2]) : null, error: `${error.name}: ${error.message}` };
  }
};

const identity = new InfisicalSDK({ siteUrl });
const login = await outcome(() => identity.auth().universalAuth.login({ clientId: env("KEYTURN_CLIENT_ID"), clientSecret: env("KEYTURN_CLIENT_SECRET") }));
const identityToken = identity.auth().getAccessToken();

const client = identity;
const writer = new InfisicalSDK({ siteUrl });
const writerLogin = await outcome(() => writer.auth().universalAuth.login({ clientId: env("KEYTURN_WRITER_CLIENT_ID"), clientSecret: env("KEYTURN_WRITER_CLIENT_SECRET") }));

const list = await outcome(async () => {
  const { secrets, imports } = await client.secrets().listSecrets(where);
  return { imports, secrets: secrets.map((s) => ({ secretKey: s.secretKey, secretValue: s.secretValue, secretPath: s.secretPath, environment: s.environment, version: s.version })) };
});
const get = await outcome(async () => {
  const s = await client.secrets().getSecret({ ...where, secretName });
  return { secretKey: s.secretKey, secretValue: s.secretValue, version: s.version };
});
const getFirstVersion = await outcome(async () => (await client.secrets().getSecret({ ...where, secretName, version: 1 })).secretValue);
const withImports = await outcome(async () => (await client.secrets().listSecretsWithImports(where)).map((s) => s.secretKey).sort());
const attachToProcessEnv = await outcome(async () => {
  await client.secrets().listSecrets({ ...where, attachToProcessEnv: true });
  return process.env[secretName] ?? null;
});

// A write round trip through the SDK's create, update and delete (its delete sends its fields in a JSON body), as the
// developer identity; the viewer reads what it wrote in between.
const written = "SDK_WRITTEN";
const write = await outcome(async () => {
  const created = (await writer.secrets().createSecret(written, { ...where, secretValue: "from-the-sdk" })).secret;
  const updated = (await writer.secrets().updateSecret(written, { ...where, secretValue: "updated-by-the-sdk" })).secret;
  const read = await client.secrets().getSecret({ ...where, secretName: written });
  await writer.secrets().deleteSecret(written, where);
  return { createdVersion: created.version, updatedVersion: updated.version, readValue: read.secretValue };
});
const readDeleted = await outcome(() => client.secrets().getSecret({ ...where, secretName: written }));

// A wrong client secret must fail the SDK's login.
const badLogin = await outcome(() => new InfisicalSDK({ siteUrl }).auth().universalAuth.login({ clientId: env("KEYTURN_CLIENT_ID"), clientSecret: `${env("KEYTURN_CLIENT_SECRET")}x` }));

// Least privilege: the viewer may not write, nor read an environment its membership does not cover.
const viewerWrite = await outcome(() => client.secrets().createSecret("VIEWER_WROTE", { ...where, secretValue: "must-not-exist" }));
const otherEnvironment = await outcome(() => client.secrets().listSecrets({ ...where, environment: env("KEYTURN_OTHER_ENVIRONMENT") }));

console.log(JSON.stringify({
  login: { ok: login.ok, error: login.error ?? null, gotToken: typeof identityToken === "string" && identityToken.length > 0 },
  writerLogin: { ok: writerLogin.ok, error: writerLogin.error ?? null },
  list,
  get,
  getFirstVersion,
  withImports,
  attachToProcessEnv,
  write,
  readDeleted: { ok: readDeleted.ok, status: readDeleted.status ?? null },
  badLogin: { ok: badLogin.ok, status: badLogin.status ?? null },
  viewerWrite: { ok: viewerWrite.ok, status: viewerWrite.status ?? null },
  otherEnvironment: { ok: otherEnvironment.ok, status: otherEnvironment.status ?? null },
}));
