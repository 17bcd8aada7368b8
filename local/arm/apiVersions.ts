/**
 * api-versions each provider accepts. Microsoft.Network: what `@azure/arm-network` 39 sends (2026-01-01)
 * and the versions of `../shared/spec` and its examples (2024-05-01, 2024-07-01), plus the ones between
 * that the REST docs show. Microsoft.Resources, Microsoft.Compute and Microsoft.EventGrid: their common
 * recent versions.
 */
import { missingApiVersion, noRegisteredProviderFound } from './errors.js';

export type ProviderNamespace = 'Microsoft.Network' | 'Microsoft.Resources' | 'Microsoft.Compute' | 'Microsoft.EventGrid';

export const supportedApiVersions: Record<ProviderNamespace, readonly string[]> = {
  'Microsoft.Network': ['2024-05-01', '2024-07-01', '2024-10-01', '2025-01-01', '2025-05-01', '2026-01-01'],
  'Microsoft.Resources': ['2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01'],
  'Microsoft.Compute': ['2023-03-01', '2023-07-01', '2023-09-01', '2024-03-01', '2024-07-01', '2024-11-01', '2025-04-01'],
  'Microsoft.EventGrid': ['2020-06-01', '2021-12-01', '2022-06-15', '2023-12-15-preview', '2024-06-01-preview', '2025-02-15'],
};

/** Returns the request's api-version, or throws `MissingApiVersionParameter` / `NoRegisteredProviderFound`. */
export function checkApiVersion(query: URLSearchParams, provider: ProviderNamespace, resourceType: string): string {
  const apiVersion = query.get('api-version');
  if (!apiVersion) throw missingApiVersion();
  const supported = supportedApiVersions[provider];
  if (!supported.includes(apiVersion)) throw noRegisteredProviderFound(apiVersion, resourceType, supported);
  return apiVersion;
}
