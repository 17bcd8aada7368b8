/** The durable client binding data the extension gives a `durableClient` input (`BindingHelper`). */
export interface DurableClientBindingData {
  taskHubName: string;
  baseUrl: string;
  requiredQueryStringParameters: string;
  rpcBaseUrl: string;
  creationUrls: { createNewInstancePostUri: string; createAndWaitOnNewInstancePostUri: string };
  managementUrls: Record<string, string>;
}

/** The management API's path on the host. */
export const durableWebhookPath = '/runtime/webhooks/durabletask';

/**
 * Binding data for `origin` (`http://127.0.0.1:7071`). `rpcBaseUrl` points at the host's management API,
 * so the unmodified `DurableClient` sends every call there; the URL templates use the same routes, which
 * is what `createCheckStatusResponse` hands out. No system key is needed on loopback, so
 * `requiredQueryStringParameters` is empty.
 */
export function durableClientBindingData(origin: string, taskHubName: string): DurableClientBindingData {
  const base = `${origin}${durableWebhookPath}`;
  const query = `taskHub=${encodeURIComponent(taskHubName)}&connection=Storage`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName,
    baseUrl: base,
    requiredQueryStringParameters: '',
    rpcBaseUrl: `${base}/`,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}`,
    },
    managementUrls: {
      id: 'INSTANCEID',
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
  };
}

/** The management payload for one instance (`createHttpManagementPayload`): templates with its id. */
export function managementPayload(origin: string, taskHubName: string, instanceId: string): Record<string, string> {
  const urls = durableClientBindingData(origin, taskHubName).managementUrls;
  return Object.fromEntries(Object.entries(urls).map(([key, value]) => [key, value.replace('INSTANCEID', encodeURIComponent(instanceId))]));
}
