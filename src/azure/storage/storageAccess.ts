/**
 * The app's own storage (remembered peerings, audit trail, large documents) on the Functions host's
 * `AzureWebJobsStorage` connection, in either form the Functions runtime accepts:
 * - a connection string: an account key string, a SAS string, or `UseDevelopmentStorage=true` (Azurite);
 *   `http://` endpoints (Azurite on another port) are allowed because they can only be local;
 * - identity-based: `AzureWebJobsStorage__accountName` (or `__tableServiceUri` / `__blobServiceUri`) with
 *   `DefaultAzureCredential`, the user-assigned identity from `AzureWebJobsStorage__clientId` or
 *   `AZURE_CLIENT_ID` when set.
 * Tables and containers are created on first use, once per process. The SDKs load lazily.
 */
import type { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { ContainerClient } from '@azure/storage-blob';
import { describeStorage } from '../../config/storage.js';

/** The storage settings read (names as the Functions runtime spells them). */
export interface StorageEnv {
  readonly AzureWebJobsStorage?: string;
  readonly AzureWebJobsStorage__accountName?: string;
  readonly AzureWebJobsStorage__tableServiceUri?: string;
  readonly AzureWebJobsStorage__blobServiceUri?: string;
  readonly AzureWebJobsStorage__clientId?: string;
  readonly AZURE_CLIENT_ID?: string;
}

/** Thrown when no storage connection is configured; names the settings to set. */
export class StorageSettingsError extends Error {
  override readonly name = 'StorageSettingsError';
}

/** Tables and blob containers of the app's storage account. */
export interface StorageAccess {
  /** Which account, without secrets (for logs and health output). */
  readonly description: string;
  /** A table client; the table is created if missing (first use per process). */
  table(name: string): Promise<TableClient>;
  /** A container client; the container is created if missing (first use per process). */
  container(name: string): Promise<ContainerClient>;
}

type Connection =
  | { readonly kind: 'connectionString'; readonly value: string; readonly insecure: boolean }
  | { readonly kind: 'identity'; readonly tableUrl: string; readonly blobUrl: string; readonly clientId?: string };

function blank(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function connectionOf(env: StorageEnv): Connection {
  const value = blank(env.AzureWebJobsStorage);
  if (value) return { kind: 'connectionString', value, insecure: /DefaultEndpointsProtocol=http;|=http:\/\//i.test(value) };
  const account = blank(env.AzureWebJobsStorage__accountName);
  const tableUrl = blank(env.AzureWebJobsStorage__tableServiceUri) ?? (account ? `https://${account}.table.core.windows.net` : undefined);
  const blobUrl = blank(env.AzureWebJobsStorage__blobServiceUri) ?? (account ? `https://${account}.blob.core.windows.net` : undefined);
  if (!tableUrl || !blobUrl) {
    throw new StorageSettingsError(
      'no storage configured: set AzureWebJobsStorage (a connection string, or UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__accountName (identity-based, with the table and blob roles for the app identity)',
    );
  }
  const clientId = blank(env.AzureWebJobsStorage__clientId) ?? blank(env.AZURE_CLIENT_ID);
  return { kind: 'identity', tableUrl, blobUrl, ...(clientId ? { clientId } : {}) };
}

/** Builds storage access from settings. Throws {@link StorageSettingsError} when none are set. */
export function createStorageAccess(env: StorageEnv, options: { readonly credential?: TokenCredential } = {}): StorageAccess {
  const connection = connectionOf(env);
  let credential: Promise<TokenCredential> | undefined;
  const identity = (clientId: string | undefined): Promise<TokenCredential> =>
    (credential ??= options.credential
      ? Promise.resolve(options.credential)
      : import('@azure/identity').then(({ DefaultAzureCredential }) => new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {})));

  const tables = new Map<string, Promise<TableClient>>();
  const containers = new Map<string, Promise<ContainerClient>>();

  const table = (name: string): Promise<TableClient> => {
    let client = tables.get(name);
    if (!client) {
      client = (async () => {
        const { TableClient } = await import('@azure/data-tables');
        const built =
          connection.kind === 'connectionString'
            ? TableClient.fromConnectionString(connection.value, name, { allowInsecureConnection: connection.insecure })
            : new TableClient(connection.tableUrl, name, await identity(connection.clientId));
        await built.createTable();
        return built;
      })();
      client.catch(() => tables.delete(name));
      tables.set(name, client);
    }
    return client;
  };

  const container = (name: string): Promise<ContainerClient> => {
    let client = containers.get(name);
    if (!client) {
      client = (async () => {
        const { BlobServiceClient } = await import('@azure/storage-blob');
        const service =
          connection.kind === 'connectionString'
            ? BlobServiceClient.fromConnectionString(connection.value)
            : new BlobServiceClient(connection.blobUrl, await identity(connection.clientId));
        const built = service.getContainerClient(name);
        await built.createIfNotExists();
        return built;
      })();
      client.catch(() => containers.delete(name));
      containers.set(name, client);
    }
    return client;
  };

  return { description: describeStorage(env as NodeJS.ProcessEnv), table, container };
}

const fromEnvCache = new Map<string, StorageAccess>();

/** The process-wide storage access for the settings in `env` (one per distinct connection). */
export function storageFromEnv(env: StorageEnv = process.env): StorageAccess {
  const key = JSON.stringify([env.AzureWebJobsStorage, env.AzureWebJobsStorage__accountName, env.AzureWebJobsStorage__tableServiceUri, env.AzureWebJobsStorage__blobServiceUri, env.AzureWebJobsStorage__clientId, env.AZURE_CLIENT_ID]);
  let access = fromEnvCache.get(key);
  if (!access) {
    access = createStorageAccess(env);
    fromEnvCache.set(key, access);
  }
  return access;
}
