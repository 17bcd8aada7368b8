/**
 * Plain ARM calls for what `@azure/arm-network` does not cover (Microsoft.Compute: VMs and their extensions),
 * with the long-running-operation protocol of ARM: follow `Azure-AsyncOperation` (else `Location`) honouring
 * `Retry-After` until the status is terminal, then read the resource. ARM errors become {@link ArmCallError}.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { TokenCredential } from '@azure/identity';

/** An ARM error answer: status, code and message as ARM sent them. */
export class ArmCallError extends Error {
  override readonly name = 'ArmCallError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A minimal ARM client over `fetch`. */
export class RawArmClient {
  constructor(
    private readonly endpoint: string,
    private readonly credential: TokenCredential,
  ) {}

  private async send(method: string, url: string, body?: unknown): Promise<{ status: number; headers: Headers; json: unknown }> {
    const token = await this.credential.getToken('https://management.azure.com/.default');
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token?.token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.status >= 400) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ArmCallError(response.status, error?.code ?? String(response.status), error?.message ?? text);
    }
    return { status: response.status, headers: response.headers, json };
  }

  /** A PUT (or DELETE) that waits for its long-running operation; returns the final resource body (PUT). */
  async putAndWait(path: string, apiVersion: string, body: unknown): Promise<unknown> {
    const url = `${this.endpoint}${path}?api-version=${apiVersion}`;
    const first = await this.send('PUT', url, body);
    await this.waitFor(first.headers);
    return (await this.send('GET', url)).json;
  }

  /** A GET of a resource. */
  async get(path: string, apiVersion: string): Promise<unknown> {
    return (await this.send('GET', `${this.endpoint}${path}?api-version=${apiVersion}`)).json;
  }

  private async waitFor(headers: Headers): Promise<void> {
    const statusUrl = headers.get('azure-asyncoperation') ?? headers.get('location');
    if (!statusUrl) return;
    for (;;) {
      const poll = await this.send('GET', statusUrl);
      const status = (poll.json as { status?: string } | undefined)?.status;
      if (status === 'Succeeded' || (status === undefined && poll.status !== 202)) return;
      if (status === 'Failed' || status === 'Canceled') {
        const error = (poll.json as { error?: { code?: string; message?: string } }).error;
        throw new ArmCallError(200, error?.code ?? status, error?.message ?? `the operation ${status.toLowerCase()}`);
      }
      await delay(Number(poll.headers.get('retry-after') ?? 1) * 1000);
    }
  }
}
