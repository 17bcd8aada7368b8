/**
 * The environment an app process needs to reach the emulator as Azure: `ARM_ENDPOINT`, the App Service
 * managed-identity variables `DefaultAzureCredential` reads (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`; the
 * tokens are the *app's* principal), and `NODE_EXTRA_CA_CERTS` to trust the local CA.
 */

/** What `appIdentityEnv` needs of an emulator (in-process or spawned). */
export interface EmulatorEndpoint {
  url: string;
  identityHeader: string;
  caFile: string;
}

/** Environment variables for an app process. */
export interface AppIdentityEnv {
  ARM_ENDPOINT: string;
  IDENTITY_ENDPOINT: string;
  IDENTITY_HEADER: string;
  NODE_EXTRA_CA_CERTS: string;
}

/** The env vars that make `DefaultAzureCredential` + `ARM_ENDPOINT` use the emulator, unchanged. */
export function appIdentityEnv(emulator: EmulatorEndpoint): AppIdentityEnv {
  return {
    ARM_ENDPOINT: emulator.url,
    IDENTITY_ENDPOINT: `${emulator.url}/_emulator/msi/token`,
    IDENTITY_HEADER: emulator.identityHeader,
    NODE_EXTRA_CA_CERTS: emulator.caFile,
  };
}
