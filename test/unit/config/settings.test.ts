import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsError, isSubscriptionInScope, loadSettings } from '../../../src/config/settings.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const SUB2 = 'AAAAAAAA-1111-1111-1111-111111111111';

function issues(env: Record<string, string | undefined>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    assert.ok(error instanceof SettingsError);
    return error.issues.map((i) => `${i.setting}: ${i.message}`);
  }
  assert.fail('expected a SettingsError');
}

describe('loadSettings', () => {
  it('applies the defaults of the settings table', () => {
    assert.deepEqual(loadSettings({ SCOPE_SUBSCRIPTIONS: SUB }), {
      armEndpoint: 'https://management.azure.com',
      scopeSubscriptions: [SUB],
      addressChangeStrategy: 'sync',
      auditSchedule: '0 0 */6 * * *',
      remediation: 'off',
      prune: false,
      auditMaxParallelVnets: 4,
      auditRemediationWaitMs: 600_000,
      auditInitiatedGraceMinutes: 60,
      maxParallelWrites: 8,
    });
  });

  it('reads every setting, normalising case, separators and trailing slashes', () => {
    const settings = loadSettings({
      ARM_ENDPOINT: 'https://127.0.0.1:8443/',
      SCOPE_SUBSCRIPTIONS: ` ${SUB2}, ${SUB};${SUB2.toLowerCase()} `,
      ADDRESS_CHANGE_STRATEGY: 'Recreate',
      AUDIT_SCHEDULE: '0 */5 * * * *',
      REMEDIATION: 'SAFE',
      PRUNE: 'True',
      AUDIT_MAX_PARALLEL_VNETS: '2',
      AUDIT_REMEDIATION_WAIT_MS: '90000',
      AUDIT_INITIATED_GRACE_MINUTES: '15',
      TOPOLOGY_FILE: 'topology.yaml',
      MAX_PARALLEL_WRITES: '3',
      AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      AZURE_CLIENT_ID: 'client-1',
      TABLE_NAME_PREFIX: 'keeperA1',
    });
    assert.deepEqual(settings, {
      armEndpoint: 'https://127.0.0.1:8443',
      scopeSubscriptions: [SUB2.toLowerCase(), SUB],
      addressChangeStrategy: 'recreate',
      auditSchedule: '0 */5 * * * *',
      remediation: 'safe',
      prune: true,
      auditMaxParallelVnets: 2,
      auditRemediationWaitMs: 90_000,
      auditInitiatedGraceMinutes: 15,
      maxParallelWrites: 3,
      topologyFile: 'topology.yaml',
      storageConnection: 'UseDevelopmentStorage=true',
      azureClientId: 'client-1',
      tableNamePrefix: 'keeperA1',
    });
  });

  it('treats blank values as unset', () => {
    assert.equal(loadSettings({ SCOPE_SUBSCRIPTIONS: SUB, MAX_PARALLEL_WRITES: '  ', TOPOLOGY_FILE: '' }).maxParallelWrites, 8);
  });

  const table: [string, Record<string, string>, RegExp][] = [
    ['missing SCOPE_SUBSCRIPTIONS', { SCOPE_SUBSCRIPTIONS: ' ' }, /^SCOPE_SUBSCRIPTIONS: is required/],
    ['a subscription that is not a GUID', { SCOPE_SUBSCRIPTIONS: `${SUB},prod-sub` }, /^SCOPE_SUBSCRIPTIONS: 'prod-sub' is not a subscription id/],
    ['an unknown strategy', { ADDRESS_CHANGE_STRATEGY: 'fast' }, /^ADDRESS_CHANGE_STRATEGY: 'fast' is not one of 'sync', 'recreate'/],
    ['an unknown remediation', { REMEDIATION: 'yes' }, /^REMEDIATION: 'yes' is not one of 'off', 'safe', 'all'/],
    ['a PRUNE that is not a flag', { PRUNE: 'maybe' }, /^PRUNE: 'maybe' must be true or false/],
    ['a zero VNet cap of the audit', { AUDIT_MAX_PARALLEL_VNETS: '0' }, /^AUDIT_MAX_PARALLEL_VNETS: '0' must be a whole number/],
    ['a remediation wait past an activity\'s 30 minutes', { AUDIT_REMEDIATION_WAIT_MS: '3600000' }, /^AUDIT_REMEDIATION_WAIT_MS: '3600000' must be a whole number from 1000 to 1800000 \(default 600000\)/],
    ['a five-field cron', { AUDIT_SCHEDULE: '0 */6 * * *' }, /^AUDIT_SCHEDULE: '0 \*\/6 \* \* \*' is not an NCRONTAB expression: six fields/],
    ['a non-number cap', { MAX_PARALLEL_WRITES: 'many' }, /^MAX_PARALLEL_WRITES: 'many' must be a whole number from 1 to 64/],
    ['a zero cap', { MAX_PARALLEL_WRITES: '0' }, /^MAX_PARALLEL_WRITES: '0' must be/],
    ['an endpoint that is not a URL', { ARM_ENDPOINT: 'management.azure.com' }, /^ARM_ENDPOINT: 'management.azure.com' is not a URL/],
    ['an endpoint with another scheme', { ARM_ENDPOINT: 'ftp://x' }, /^ARM_ENDPOINT: 'ftp:\/\/x' must be an http\(s\) URL/],
  ];
  for (const [name, env, expected] of table) {
    it(`refuses ${name}, naming the setting`, () => {
      const found = issues({ SCOPE_SUBSCRIPTIONS: SUB, ...env });
      assert.equal(found.length, 1, found.join(' | '));
      assert.match(found[0] ?? '', expected);
    });
  }

  it('lists every invalid setting at once', () => {
    const found = issues({ REMEDIATION: 'x', MAX_PARALLEL_WRITES: 'y' });
    assert.deepEqual(found.map((f) => f.split(':')[0]).sort(), ['MAX_PARALLEL_WRITES', 'REMEDIATION', 'SCOPE_SUBSCRIPTIONS']);
  });

  it('refuses a table name prefix Azure Table names cannot start with', () => {
    assert.deepEqual(issues({ SCOPE_SUBSCRIPTIONS: SUB, TABLE_NAME_PREFIX: '1-bad' }), [
      "TABLE_NAME_PREFIX: '1-bad' must be 1-30 letters and digits starting with a letter (it prefixes Azure Table names)",
    ]);
  });
});

describe('isSubscriptionInScope', () => {
  it('compares GUIDs case-insensitively', () => {
    const scope = loadSettings({ SCOPE_SUBSCRIPTIONS: SUB2 }).scopeSubscriptions;
    assert.equal(isSubscriptionInScope(scope, SUB2), true);
    assert.equal(isSubscriptionInScope(scope, SUB2.toLowerCase()), true);
    assert.equal(isSubscriptionInScope(scope, SUB), false);
  });
});
