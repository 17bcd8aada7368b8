/** An error of a management operation, with the HTTP status the extension answers it with. */
export class DurableApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** The extension's limit on instance id length. */
const maxInstanceIdLength = 256;

/** The extension's instance id rules (`DurableClient.StartNewAsync`). */
export function validateInstanceId(instanceId: string): void {
  if (instanceId === '') throw new DurableApiError(400, 'Orchestration instance ids must not be empty.');
  if (instanceId.startsWith('@')) throw new DurableApiError(400, `Orchestration instance ids must not start with @: '${instanceId}'.`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(instanceId)) {
    throw new DurableApiError(400, `Orchestration instance ids must not contain /, \\, #, ?, or control characters: ${JSON.stringify(instanceId)} was refused.`);
  }
  if (instanceId.length > maxInstanceIdLength) throw new DurableApiError(400, `Instance ID lengths must not exceed ${maxInstanceIdLength} characters.`);
}
