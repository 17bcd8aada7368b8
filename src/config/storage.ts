/**
 * Describes a storage connection setting without its secrets, for health output and logs.
 * `UseDevelopmentStorage=true` is Azurite; a connection string shows its account and endpoint suffix;
 * an identity-based connection (`AzureWebJobsStorage__accountName`) shows the account name.
 */
export function describeStorage(env: NodeJS.ProcessEnv): string {
  const connection = env.AzureWebJobsStorage;
  if (connection === undefined || connection === '') {
    const account = env.AzureWebJobsStorage__accountName;
    return account ? `account ${account} (managed identity)` : 'not configured';
  }
  if (/^UseDevelopmentStorage=true;?$/i.test(connection.trim())) return 'Azurite (UseDevelopmentStorage=true)';
  const parts = new Map(
    connection.split(';').filter(Boolean).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at).toLowerCase(), pair.slice(at + 1)] as const;
    }),
  );
  const account = parts.get('accountname');
  if (!account) return 'connection string without AccountName';
  const where = parts.get('blobendpoint') ?? parts.get('endpointsuffix') ?? 'core.windows.net';
  return `account ${account} (${where})`;
}
