/**
 * A `TokenCredential` that gets its tokens from the emulator's control API for a chosen principal: how the
 * portal CLI (a person, not the app) and tests sign in. The app itself uses `DefaultAzureCredential`
 * through the managed-identity endpoint instead.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { ArmControlClient } from '../controlClient.js';

/** Signs in as `who` (`portal`, `app`, or a principal id) against the emulator. */
export class EmulatorCredential implements TokenCredential {
  private cached: AccessToken | undefined;

  constructor(
    private readonly control: ArmControlClient,
    private readonly who: 'app' | 'portal' | { principalId: string } = 'portal',
  ) {}

  async getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    if (this.cached && this.cached.expiresOnTimestamp - Date.now() > 60_000) return this.cached;
    const minted = await this.control.token(this.who);
    this.cached = { token: minted.accessToken, expiresOnTimestamp: minted.expiresOn * 1000 };
    return this.cached;
  }
}
