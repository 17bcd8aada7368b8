/**
 * Event Grid's rules as the emulator implements them: advanced filter operators (case, missing keys,
 * arrays, ranges), subject filters, and the retry schedule (which answers are retried, how long to wait).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventSubscriptionInputSchema, type AdvancedFilter } from '../../../local/arm/eventGrid/eventSubscription.js';
import { advancedFilterMatches, subscriptionAccepts } from '../../../local/arm/eventGrid/filters.js';
import { retryDelayMs } from '../../../local/arm/eventGrid/retrySchedule.js';

const event = {
  subject: '/subscriptions/s/resourceGroups/RG-Lab/providers/Microsoft.Network/virtualNetworks/London',
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  data: { operationName: 'Microsoft.Network/virtualNetworks/write', attempt: 3, enabled: true, tags: ['a', 'b'] },
};

function matches(filter: Partial<AdvancedFilter> & Pick<AdvancedFilter, 'operatorType' | 'key'>, onArrays = false): boolean {
  return advancedFilterMatches(filter as AdvancedFilter, event, onArrays);
}

describe('advanced filters', () => {
  test('string operators ignore case; values are ORed', () => {
    assert.equal(matches({ operatorType: 'StringIn', key: 'data.operationName', values: ['x', 'MICROSOFT.NETWORK/VIRTUALNETWORKS/WRITE'] }), true);
    assert.equal(matches({ operatorType: 'StringBeginsWith', key: 'data.operationName', values: ['microsoft.network/virtualnetworks/virtualNetworkPeerings'] }), false);
    assert.equal(matches({ operatorType: 'StringEndsWith', key: 'Subject', values: ['/london'] }), true);
    assert.equal(matches({ operatorType: 'StringContains', key: 'eventtype', values: ['WriteSuccess'] }), true);
    assert.equal(matches({ operatorType: 'StringNotIn', key: 'data.operationName', values: ['Microsoft.Network/virtualNetworks/write'] }), false);
  });

  test('a missing key: Not… operators and IsNullOrUndefined pass, the others do not', () => {
    assert.equal(matches({ operatorType: 'StringIn', key: 'data.nope', values: ['x'] }), false);
    assert.equal(matches({ operatorType: 'StringNotContains', key: 'data.nope', values: ['x'] }), true);
    assert.equal(matches({ operatorType: 'IsNullOrUndefined', key: 'data.nope' }), true);
    assert.equal(matches({ operatorType: 'IsNotNull', key: 'data.operationName' }), true);
  });

  test('numbers, ranges and booleans', () => {
    assert.equal(matches({ operatorType: 'NumberGreaterThanOrEquals', key: 'data.attempt', value: 3 }), true);
    assert.equal(matches({ operatorType: 'NumberLessThan', key: 'data.attempt', value: 3 }), false);
    assert.equal(matches({ operatorType: 'NumberInRange', key: 'data.attempt', values: [[1, 2], [3, 4]] }), true);
    assert.equal(matches({ operatorType: 'NumberNotIn', key: 'data.attempt', values: [3] }), false);
    assert.equal(matches({ operatorType: 'BoolEquals', key: 'data.enabled', value: true }), true);
  });

  test('arrays are filtered element-wise only when enableAdvancedFilteringOnArrays is on', () => {
    assert.equal(matches({ operatorType: 'StringIn', key: 'data.tags', values: ['B'] }), false);
    assert.equal(matches({ operatorType: 'StringIn', key: 'data.tags', values: ['B'] }, true), true);
    assert.equal(matches({ operatorType: 'StringNotIn', key: 'data.tags', values: ['B'] }, true), false);
  });

  test('subject filters are case-insensitive unless asked; included event types are exact names', () => {
    const base = eventSubscriptionInputSchema.parse({ name: 'sub', endpointUrl: 'http://127.0.0.1:1/x' });
    const accepts = (patch: Record<string, unknown>) => subscriptionAccepts({ ...base, ...patch, provisioningState: 'Succeeded', createdAt: '' }, event, event.eventType, event.subject);
    assert.equal(accepts({ subjectBeginsWith: '/subscriptions/s/resourcegroups/rg-lab/' }), true);
    assert.equal(accepts({ subjectBeginsWith: '/subscriptions/s/resourcegroups/rg-lab/', isSubjectCaseSensitive: true }), false);
    assert.equal(accepts({ includedEventTypes: ['Microsoft.Resources.ResourceDeleteSuccess'] }), false);
  });
});

describe('retry schedule', () => {
  test('10 s, 30 s, 1 min, 5 min … then every 12 h; scaled', () => {
    assert.deepEqual([1, 2, 3, 4, 10, 20].map((n) => retryDelayMs(n, 500, 1)), [10_000, 30_000, 60_000, 300_000, 43_200_000, 43_200_000]);
    assert.equal(retryDelayMs(1, undefined, 0.001), 10);
  });

  test('400, 401, 403 and 413 are not retried; 404 waits at least 5 min, 503 at least 30 s', () => {
    assert.deepEqual([400, 401, 403, 413].map((s) => retryDelayMs(1, s, 1)), [undefined, undefined, undefined, undefined]);
    assert.equal(retryDelayMs(1, 404, 1), 300_000);
    assert.equal(retryDelayMs(1, 503, 1), 30_000);
  });
});
