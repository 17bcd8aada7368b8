/**
 * The ARM client factory: one credential, one `NetworkManagementClient` and one `ComputeManagementClient`
 * per subscription (cached), all built lazily so the SDKs load only when an activity first needs them
 * (cold start: DESIGN.md).
 *
 * Settings only decide where the app runs: `ARM_ENDPOINT` (the emulator locally, a sovereign cloud, or
 * public Azure) and `AZURE_CLIENT_ID` (a user-assigned managed identity). The credential is
 * `DefaultAzureCredential`: a managed identity in Azure, the emulator's managed-identity endpoint locally.
 * The app learns its own object id from the `oid` of its ARM token, for the loop guard.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { NetworkManagementClient, NetworkManagementClientOptionalParams } from '@azure/arm-network';
import type { TokenCredential } from '@azure/identity';
import { objectIdFromAccessToken } from '../events/accessToken.js';
import { handBackLongWaitsPolicy } from './armRetryPolicy.js';

/** Public Azure's Resource Manager. */
export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/** How the clients are built. */
export interface ArmClientOptions {
  /** Resource Manager base URL (`ARM_ENDPOINT`); default public Azure. */
  readonly endpoint?: string;
  /** Client id of a user-assigned managed identity (`AZURE_CLIENT_ID`). */
  readonly managedIdentityClientId?: string;
  /** A credential to use instead of `DefaultAzureCredential` (tests, tools). */
  readonly credential?: TokenCredential;
  /** Longest `Retry-After` the SDK may sleep through inside a call; longer waits are returned. Default 10 s. */
  readonly maxInProcessWaitMs?: number;
  /** Retries the SDK makes in-process for throttling, 5xx and connection errors. Default 3. */
  readonly maxRetries?: number;
  /** First back-off of those retries (exponential after). Default 500 ms. */
  readonly retryDelayInMs?: number;
  /**
   * Wait before polling a long-running operation while ARM gives no usable `Retry-After` (ARM sends 10 s;
   * the emulator's test profile sends 0). Default: the SDK's 2 s.
   */
  readonly pollIntervalMs?: number;
}

/** The clients of one app instance. */
export interface ArmClients {
  /** Resource Manager base URL, without a trailing slash. */
  readonly endpoint: string;
  /** The token scope for that endpoint (`https://management.azure.com/.default`). */
  readonly scope: string;
  /** Poll interval for long-running operations when set (see {@link ArmClientOptions.pollIntervalMs}). */
  readonly pollIntervalMs?: number;
  /** The cached `NetworkManagementClient` of a subscription. */
  network(subscriptionId: string): Promise<NetworkManagementClient>;
  /** The cached `ComputeManagementClient` of a subscription (VMs, for the probe). */
  compute(subscriptionId: string): Promise<ComputeManagementClient>;
  /** The credential all clients share. */
  credential(): Promise<TokenCredential>;
  /** The app's own principal: the `oid` of its ARM token (cached after the first success). */
  appObjectId(): Promise<string>;
}

/**
 * The token scope of an ARM endpoint: `<endpoint>/.default` for Azure's clouds (`management.azure.com`,
 * `management.usgovcloudapi.net`, `management.chinacloudapi.cn`); any other host (a local emulator, a
 * proxy) takes public Azure's scope, the audience such stand-ins accept.
 */
export function armScope(endpoint: string): string {
  const url = new URL(endpoint);
  return url.hostname.toLowerCase().startsWith('management.') ? `${url.origin}/.default` : `${PUBLIC_ARM_ENDPOINT}/.default`;
}

type NetworkPolicy = NonNullable<NetworkManagementClientOptionalParams['additionalPolicies']>[number]['policy'];
type NetworkRequest = Parameters<NetworkPolicy['sendRequest']>[0];
type NetworkResponse = Awaited<ReturnType<NetworkPolicy['sendRequest']>>;

/** Lazily import once, share the promise. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** Builds the factory. Nothing is loaded or contacted until a client or the object id is asked for. */
export function createArmClients(options: ArmClientOptions = {}): ArmClients {
  const endpoint = (options.endpoint?.trim() || PUBLIC_ARM_ENDPOINT).replace(/\/+$/, '');
  const scope = armScope(endpoint);
  const maxInProcessWaitMs = options.maxInProcessWaitMs ?? 10_000;
  const retryOptions = { maxRetries: options.maxRetries ?? 3, retryDelayInMs: options.retryDelayInMs ?? 500, maxRetryDelayInMs: maxInProcessWaitMs };

  const credential = lazy(async (): Promise<TokenCredential> => {
    if (options.credential) return options.credential;
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential(options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {});
  });

  const networkClients = new Map<string, Promise<NetworkManagementClient>>();
  const computeClients = new Map<string, Promise<ComputeManagementClient>>();

  const network = (subscriptionId: string): Promise<NetworkManagementClient> => {
    const key = subscriptionId.toLowerCase();
    let client = networkClients.get(key);
    if (!client) {
      client = (async () => {
        const [{ NetworkManagementClient }, cred] = await Promise.all([import('@azure/arm-network'), credential()]);
        const policy = handBackLongWaitsPolicy<NetworkRequest, NetworkResponse>(maxInProcessWaitMs);
        return new NetworkManagementClient(cred, subscriptionId, {
          endpoint,
          credentials: { scopes: [scope] },
          retryOptions,
          additionalPolicies: [{ policy, position: 'perRetry' }],
        });
      })();
      client.catch(() => networkClients.delete(key));
      networkClients.set(key, client);
    }
    return client;
  };

  const compute = (subscriptionId: string): Promise<ComputeManagementClient> => {
    const key = subscriptionId.toLowerCase();
    let client = computeClients.get(key);
    if (!client) {
      client = (async () => {
        const [{ ComputeManagementClient }, cred] = await Promise.all([import('@azure/arm-compute'), credential()]);
        const policy = handBackLongWaitsPolicy<NetworkRequest, NetworkResponse>(maxInProcessWaitMs);
        // The classic generated client takes its base URL from `$host` (and `endpoint` for the pipeline).
        return new ComputeManagementClient(cred, subscriptionId, {
          endpoint,
          $host: endpoint,
          credentialScopes: [scope],
          retryOptions,
          additionalPolicies: [{ policy, position: 'perRetry' }],
        });
      })();
      client.catch(() => computeClients.delete(key));
      computeClients.set(key, client);
    }
    return client;
  };

  const appObjectId = lazy(async () => {
    const token = await (await credential()).getToken(scope);
    if (!token) throw new Error(`the credential returned no token for ${scope}: cannot learn the app's own object id (loop guard)`);
    return objectIdFromAccessToken(token.token);
  });

  return { endpoint, scope, ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}), network, compute, credential, appObjectId };
}

/** The environment variables the factory reads. */
export interface ArmClientEnv {
  readonly ARM_ENDPOINT?: string;
  readonly AZURE_CLIENT_ID?: string;
}

const fromEnvCache = new Map<string, ArmClients>();

/**
 * The process-wide factory for the app settings in `env` (`ARM_ENDPOINT`, `AZURE_CLIENT_ID`): one per
 * distinct pair, so every activity in a worker shares the clients and their token cache.
 */
export function armClientsFromEnv(env: ArmClientEnv = process.env): ArmClients {
  const endpoint = env.ARM_ENDPOINT?.trim() || PUBLIC_ARM_ENDPOINT;
  const clientId = env.AZURE_CLIENT_ID?.trim() || undefined;
  const key = `${endpoint}|${clientId ?? ''}`;
  let clients = fromEnvCache.get(key);
  if (!clients) {
    clients = createArmClients({ endpoint, ...(clientId ? { managedIdentityClientId: clientId } : {}) });
    fromEnvCache.set(key, clients);
  }
  return clients;
}
