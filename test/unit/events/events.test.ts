import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { callerObjectId } from '../../../src/events/claims.js';
import { isOwnWrite } from '../../../src/events/loopGuard.js';
import type { Notification } from '../../../src/events/notifications.js';
import { parseNotifications } from '../../../src/events/notifications.js';
import { decideNotification } from '../../../src/events/vnetChange.js';

// Compiled to dist/test/unit/events: the fixtures stay in the source tree.
const fixtures = new URL('../../../../test/fixtures/events/', import.meta.url);
const load = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');

const SUB = '11111111-1111-1111-1111-111111111111';
const LONDON = `/subscriptions/${SUB}/resourceGroups/rg-lab/providers/Microsoft.Network/virtualNetworks/London`;
const PORTAL = 'aaaaaaaa-0000-0000-0000-000000000001';

async function only(payload: unknown): Promise<Notification> {
  const [parsed] = await parseNotifications(payload);
  assert.ok(parsed?.ok, parsed && !parsed.ok ? parsed.reason : 'nothing parsed');
  return parsed.notification;
}

describe('parseNotifications', () => {
  it('parses the docs Event Grid sample (JSON text, array body)', async () => {
    const n = await only(load('vnet-write.eventgrid.json'));
    assert.equal(n.schema, 'EventGridSchema');
    assert.equal(n.type, 'Microsoft.Resources.ResourceWriteSuccess');
    assert.equal(n.source, `/subscriptions/${SUB}`);
    assert.equal(n.time, '2018-07-19T18:38:04.611Z');
  });

  it('parses the CloudEvents 1.0 form', async () => {
    const n = await only(load('vnet-write.cloudevents.json'));
    assert.equal(n.schema, 'CloudEventSchemaV1_0');
    assert.equal(n.source, `/subscriptions/${SUB}/resourceGroups/rg-lab`);
    assert.equal(n.subject, LONDON.replace('resourceGroups', 'resourcegroups'));
  });

  it('accepts one event object, as the Functions trigger hands it', async () => {
    const [event] = JSON.parse(load('peering-delete.eventgrid.json')) as unknown[];
    assert.equal((await only(event)).type, 'Microsoft.Resources.ResourceDeleteSuccess');
  });

  it('reports a malformed event without losing the rest of the batch', async () => {
    const good = JSON.parse(load('vnet-write.eventgrid.json')) as Record<string, unknown>[];
    const bad = { ...good[0], id: 'broken-1', metadataVersion: undefined, topic: undefined };
    const results = await parseNotifications([bad, ...good, 42]);
    assert.deepEqual(results.map((r) => r.ok), [false, true, false]);
    const [first, , third] = results;
    assert.ok(first && !first.ok && first.id === 'broken-1' && /not a valid Event Grid schema event/.test(first.reason));
    assert.ok(third && !third.ok && /event 2 is not a JSON object/.test(third.reason));
  });

  it('reports a delivery that is not JSON', async () => {
    const [result] = await parseNotifications('{not json');
    assert.ok(result && !result.ok && /not JSON/.test(result.reason));
  });
});

describe('decideNotification', () => {
  it('accepts a VNet write and maps it to the canonical VNet id, with caller and correlation', async () => {
    const decision = decideNotification(await only(load('vnet-write.eventgrid.json')));
    assert.ok(decision.accepted);
    assert.deepEqual(decision.change, {
      vnetId: LONDON,
      kind: 'write',
      resource: 'vnet',
      subject: LONDON.replace('resourceGroups', 'resourcegroups'),
      eventId: '4db48cba-50a2-455a-93b4-de41a3b5b7f6',
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      eventTime: '2018-07-19T18:38:04.611Z',
      operationName: 'Microsoft.Network/virtualNetworks/write',
      correlationId: 'c0ffee00-0000-0000-0000-000000000001',
      callerObjectId: PORTAL,
    });
  });

  it('maps a peering delete to its parent VNet', async () => {
    const decision = decideNotification(await only(load('peering-delete.eventgrid.json')));
    assert.ok(decision.accepted);
    assert.equal(decision.change.vnetId, LONDON);
    assert.equal(decision.change.kind, 'delete');
    assert.equal(decision.change.resource, 'peering');
    assert.equal(decision.change.peeringName, 'London-to-Madrid');
  });

  it('accepts an action on a VNet, taking the caller from the role-assignment evidence', async () => {
    const decision = decideNotification(await only(load('vnet-action.eventgrid.json')));
    assert.ok(decision.accepted);
    assert.equal(decision.change.kind, 'action');
    assert.equal(decision.change.callerObjectId, 'bbbbbbbb-0000-0000-0000-000000000002');
  });

  it('accepts the CloudEvents form the same way', async () => {
    const decision = decideNotification(await only(load('vnet-write.cloudevents.json')));
    assert.ok(decision.accepted);
    assert.equal(decision.change.vnetId, LONDON);
  });

  const ignored: [string, string, RegExp][] = [
    ['a storage account (the docs sample verbatim)', 'docs-storage-write.eventgrid.json', /not a virtual network or virtual network peering/],
    ['a subnet write', 'subnet-write.eventgrid.json', /subnet changes do not affect peerings/],
    ['the validation handshake', 'subscription-validation.eventgrid.json', /SubscriptionValidationEvent is not a successful resource write, delete or action/],
  ];
  for (const [name, file, reason] of ignored) {
    it(`ignores ${name}, saying why`, async () => {
      const decision = decideNotification(await only(load(file)));
      assert.ok(!decision.accepted);
      assert.match(decision.reason, reason);
    });
  }

  it('ignores a failed write', async () => {
    const n = await only(load('vnet-write.eventgrid.json'));
    const decision = decideNotification({ ...n, type: 'Microsoft.Resources.ResourceWriteFailure' });
    assert.ok(!decision.accepted && /ResourceWriteFailure is not a successful/.test(decision.reason));
  });

  it('falls back to data.resourceUri when a CloudEvent has no subject', async () => {
    const n = await only(load('vnet-write.cloudevents.json'));
    const { subject: _subject, ...rest } = n;
    const decision = decideNotification(rest);
    assert.ok(decision.accepted);
    assert.equal(decision.change.vnetId, LONDON);
  });
});

describe('callerObjectId', () => {
  it('prefers the objectidentifier claim, then oid (any case), then the evidence principalId', () => {
    assert.equal(callerObjectId({ claims: { 'http://schemas.microsoft.com/identity/claims/objectidentifier': 'x1', oid: 'x2' } }), 'x1');
    assert.equal(callerObjectId({ claims: { OID: 'x2' } }), 'x2');
    assert.equal(callerObjectId({ claims: {}, authorization: { evidence: { principalId: 'x3' } } }), 'x3');
    assert.equal(callerObjectId({ claims: {} }), undefined);
    assert.equal(callerObjectId('nope'), undefined);
  });
});

describe('isOwnWrite', () => {
  it('recognises the app’s own writes by object id, case-insensitively', async () => {
    const decision = decideNotification(await only(load('vnet-write.eventgrid.json')));
    assert.ok(decision.accepted);
    assert.equal(isOwnWrite(decision.change, PORTAL.toUpperCase()), true);
    assert.equal(isOwnWrite(decision.change, 'cccccccc-0000-0000-0000-000000000009'), false);
  });

  it('treats an unknown caller or app id as not ours (reconciling once more is safe)', () => {
    assert.equal(isOwnWrite({}, 'x'), false);
    assert.equal(isOwnWrite({ callerObjectId: 'x' }, undefined), false);
  });
});
