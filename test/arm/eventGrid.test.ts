/**
 * Event Grid notifications from the emulator to a webhook on loopback: the validation handshake (Event
 * Grid schema and CloudEvents), payloads shaped like the Azure docs samples and accepted by
 * `@azure/eventgrid`, the caller's object id in the claims, at-least-once delivery with retries after a 500,
 * no retry after a 400, injected duplicates, lost attempts and reordering, batches, filters, and the wait
 * on a correlation id.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { EventGridDeserializer } from '@azure/eventgrid';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { EventSubscriptionInput } from '../../local/arm/eventGrid/eventSubscription.js';
import { repoRoot } from '../../local/repoRoot.js';
import { labAppPrincipalId, labPortalPrincipalId } from '../../local/scenarios/londonMadrid.js';
import { startTestArm, type TestArm } from './support/armTestKit.js';
import { lab, labSub, peer } from './support/lab.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhookReceiver.js';

const fixtures = join(repoRoot(), 'test', 'fixtures', 'events');
const docsWrite = (JSON.parse(readFileSync(join(fixtures, 'vnet-write.eventgrid.json'), 'utf8')) as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
const docsCloud = (JSON.parse(readFileSync(join(fixtures, 'vnet-write.cloudevents.json'), 'utf8')) as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
const objectIdClaim = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

type EventBody = Record<string, unknown> & { id: string; data: Record<string, unknown> & { operationName: string; claims: Record<string, string> } };

let arm: TestArm;
let receiver: WebhookReceiver;
let portal: NetworkManagementClient;
let app: NetworkManagementClient;

before(async () => {
  arm = await startTestArm();
  portal = arm.network({ who: 'portal', subscriptionId: labSub });
  app = arm.network({ who: 'app', subscriptionId: labSub });
});
after(() => arm.close());
beforeEach(async () => {
  await arm.emulator.control.reset();
  await arm.emulator.control.loadScenario('london-madrid');
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

function subscribe(input: Partial<EventSubscriptionInput> = {}) {
  return arm.emulator.control.addEventSubscription({ name: 'keeper', endpointUrl: receiver.url, ...input });
}

/** Every event the receiver got in notifications, in arrival order. */
function receivedEvents(): EventBody[] {
  return receiver.notifications().flatMap((r) => (Array.isArray(r.body) ? r.body : [r.body]) as EventBody[]);
}

describe('subscription handshake', () => {
  test('Event Grid schema: a SubscriptionValidation POST, answered with the validation code, before any notification', async () => {
    const created = await subscribe();
    assert.equal(created.provisioningState, 'Succeeded');
    const [handshake] = receiver.requests;
    assert.equal(handshake?.headers['aeg-event-type'], 'SubscriptionValidation');
    const [event] = handshake?.body as Array<{ eventType: string; data: { validationCode: string; validationUrl: string } }>;
    assert.equal(event?.eventType, 'Microsoft.EventGrid.SubscriptionValidationEvent');
    assert.ok(event?.data.validationCode && event.data.validationUrl);
    assert.deepEqual((await arm.emulator.control.eventSubscriptions()).subscriptions.map((s) => s.name), ['keeper']);
  });

  test('a wrong validation code or a 404 refuses the subscription, naming the endpoint', async () => {
    receiver.handshake = 'wrongCode';
    await assert.rejects(subscribe(), (error: Error) => error.message.includes('validation handshake') && error.message.includes(receiver.url) && error.message.includes('validationResponse'));
    receiver.handshake = 404;
    await assert.rejects(subscribe(), /answered 404/);
    assert.deepEqual((await arm.emulator.control.eventSubscriptions()).subscriptions, []);
  });

  test('through ARM (Microsoft.EventGrid/eventSubscriptions on the subscription): 201 Creating, the handshake, then Succeeded; a failed handshake fails the operation', async () => {
    const path = `/subscriptions/${labSub}/providers/Microsoft.EventGrid/eventSubscriptions/keeper-arm?api-version=2022-06-15`;
    const body = {
      properties: {
        destination: { endpointType: 'WebHook', properties: { endpointUrl: receiver.url, maxEventsPerBatch: 1 } },
        filter: { includedEventTypes: ['Microsoft.Resources.ResourceWriteSuccess'], advancedFilters: [{ operatorType: 'StringBeginsWith', key: 'data.operationName', values: ['Microsoft.Network/virtualNetworks'] }] },
        eventDeliverySchema: 'EventGridSchema',
      },
    };
    const created = await arm.raw('PUT', path, { body, headers: { 'x-ms-correlation-request-id': 'eg-create-1' } });
    assert.deepEqual([created.status, (created.body as { properties: { provisioningState: string } }).properties.provisioningState], [201, 'Creating']);
    await arm.emulator.control.waitForEventDeliveries({ correlationId: 'eg-create-1' });
    assert.equal(((await arm.raw('GET', created.headers.get('azure-asyncoperation') ?? '')).body as { status: string }).status, 'Succeeded');
    const read = (await arm.raw('GET', path)).body as { properties: { topic: string; destination: { properties: { endpointBaseUrl: string } } } };
    assert.deepEqual([read.properties.topic, read.properties.destination.properties.endpointBaseUrl], [`/subscriptions/${labSub}`, receiver.url.split('?')[0]]);
    assert.equal(receiver.requests[0]?.headers['aeg-event-type'], 'SubscriptionValidation');

    receiver.handshake = 'wrongCode';
    const refused = await arm.raw('PUT', path.replace('keeper-arm', 'keeper-bad'), { body, headers: { 'x-ms-correlation-request-id': 'eg-create-2' } });
    await arm.emulator.control.waitForEventDeliveries({ correlationId: 'eg-create-2' });
    const status = (await arm.raw('GET', refused.headers.get('azure-asyncoperation') ?? '')).body as { status: string; error: { code: string; message: string } };
    assert.deepEqual([status.status, status.error.code], ['Failed', 'WebhookValidationFailed']);
    assert.equal((await arm.raw('GET', path.replace('keeper-arm', 'keeper-bad'))).status, 404);
  });

  test('CloudEvents 1.0: the OPTIONS abuse-protection handshake (WebHook-Request-Origin)', async () => {
    await subscribe({ eventDeliverySchema: 'CloudEventSchemaV1_0' });
    const [handshake] = receiver.requests;
    assert.deepEqual([handshake?.method, handshake?.headers['webhook-request-origin']], ['OPTIONS', 'eventgrid.azure.net']);
  });
});

describe('payloads', () => {
  test('a portal write in the Event Grid schema: the docs sample\'s members in its order, the portal user\'s object id, no httpRequest on create', async () => {
    await subscribe();
    await peer(portal, 'london', 'madrid', { oneWay: true });
    await arm.emulator.control.waitForEventDeliveries();
    const [event, ...more] = receivedEvents();
    assert.equal(more.length, 0);
    assert.deepEqual(Object.keys(event as object), Object.keys(docsWrite));
    const docsData = docsWrite.data as Record<string, unknown>;
    assert.deepEqual(Object.keys(event?.data ?? {}), Object.keys(docsData));
    assert.equal(event?.eventType, 'Microsoft.Resources.ResourceWriteSuccess');
    assert.equal(event?.topic, `/subscriptions/${labSub}`);
    assert.equal(event?.subject, `${lab.vnet('london')}/virtualNetworkPeerings/london-to-madrid`);
    assert.equal(event?.data.operationName, 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write');
    assert.equal(event?.data.claims[objectIdClaim], labPortalPrincipalId);
    assert.equal((event?.data.authorization as { evidence: { principalId: string } }).evidence.principalId, labPortalPrincipalId);
    assert.deepEqual([event?.dataVersion, event?.metadataVersion], ['2', '1']);
    const [parsed] = await new EventGridDeserializer().deserializeEventGridEvents(JSON.stringify(receiver.notifications()[0]?.body));
    assert.equal(parsed?.eventType, 'Microsoft.Resources.ResourceWriteSuccess');
    const headers = receiver.notifications()[0]?.headers ?? {};
    assert.deepEqual([headers['aeg-event-type'], headers['aeg-subscription-name'], headers['aeg-delivery-count']], ['Notification', 'KEEPER', '0']);
  });

  test('the app\'s own write carries the app\'s object id; an update and a delete carry httpRequest (DELETE)', async () => {
    await subscribe();
    await peer(app, 'london', 'madrid', { oneWay: true });
    await app.virtualNetworks.updateTags('rg-london', 'vnet-london', { tags: { office: 'london', team: 'net' } });
    await portal.virtualNetworkPeerings.delete('rg-london', 'vnet-london', 'london-to-madrid');
    await arm.emulator.control.waitForEventDeliveries();
    const byOperation = new Map(receivedEvents().map((e) => [e.data.operationName, e]));
    assert.equal(byOperation.get('Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write')?.data.claims[objectIdClaim], labAppPrincipalId);
    assert.equal((byOperation.get('Microsoft.Network/virtualNetworks/write')?.data.httpRequest as { method: string }).method, 'PATCH');
    const deleted = byOperation.get('Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete');
    assert.equal(deleted?.eventType, 'Microsoft.Resources.ResourceDeleteSuccess');
    assert.equal((deleted?.data.httpRequest as { method: string }).method, 'DELETE');
  });

  test('CloudEvents 1.0: source/type/time/specversion as in the docs sample, one event per request', async () => {
    await subscribe({ eventDeliverySchema: 'CloudEventSchemaV1_0' });
    await peer(portal, 'london', 'madrid', { oneWay: true });
    await arm.emulator.control.waitForEventDeliveries();
    const [request] = receiver.notifications();
    assert.match(String(request?.headers['content-type']), /^application\/cloudevents\+json/);
    const event = request?.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(event), Object.keys(docsCloud));
    assert.deepEqual([event.source, event.type, event.specversion], [`/subscriptions/${labSub}`, 'Microsoft.Resources.ResourceWriteSuccess', '1.0']);
    const [parsed] = await new EventGridDeserializer().deserializeCloudEvents(event);
    assert.equal(parsed?.type, 'Microsoft.Resources.ResourceWriteSuccess');
  });

  test('a connectivity check raises ResourceActionSuccess; deleting one side raises only that delete (no event for the Disconnected side)', async () => {
    await peer(portal, 'london', 'madrid');
    await subscribe();
    await portal.virtualNetworkPeerings.delete('rg-madrid', 'vnet-madrid', 'madrid-to-london');
    await app.networkWatchers.checkConnectivity('NetworkWatcherRG', 'NetworkWatcher_uksouth', { source: { resourceId: lab.vm('london') }, destination: { resourceId: lab.vm('madrid'), port: 3389 }, protocol: 'Tcp' });
    await arm.emulator.control.waitForEventDeliveries();
    assert.deepEqual(
      receivedEvents().map((e) => [e.eventType, e.data.operationName]),
      [
        ['Microsoft.Resources.ResourceDeleteSuccess', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete'],
        ['Microsoft.Resources.ResourceActionSuccess', 'Microsoft.Network/networkWatchers/connectivityCheck/action'],
      ],
    );
  });
});

describe('delivery', () => {
  test('a 500 from the receiver is retried on the (scaled) schedule until delivered: at least once', async () => {
    await subscribe();
    receiver.respondWith(500, 500);
    await peer(portal, 'london', 'madrid', { oneWay: true });
    const { deliveries } = await arm.emulator.control.waitForEventDeliveries();
    const notifications = deliveries.filter((d) => d.eventType === 'Notification');
    assert.deepEqual(notifications.map((d) => [d.attempt, d.outcome, d.status]), [[1, 'retrying', 500], [2, 'retrying', 500], [3, 'delivered', 200]]);
    assert.deepEqual(receiver.notifications().map((r) => r.headers['aeg-delivery-count']), ['0', '1', '2']);
    assert.equal(new Set(receivedEvents().map((e) => e.id)).size, 1, 'the same event each time');
  });

  test('a 400 is not retried; maxDeliveryAttempts bounds the retries', async () => {
    await subscribe({ retryPolicy: { maxDeliveryAttempts: 2, eventTimeToLiveInMinutes: 1440 } });
    receiver.respondWith(400, 503, 503);
    await peer(portal, 'london', 'madrid', { oneWay: true });
    await peer(portal, 'madrid', 'london', { oneWay: true });
    const { deliveries } = await arm.emulator.control.waitForEventDeliveries();
    assert.deepEqual(deliveries.filter((d) => d.eventType === 'Notification').map((d) => [d.attempt, d.outcome, d.status]), [[1, 'failed', 400], [1, 'retrying', 503], [2, 'failed', 503]]);
  });

  test('duplicates when injected: every batch delivered twice, the same event id', async () => {
    await subscribe({ faults: { duplicateRate: 1 } });
    await peer(portal, 'london', 'madrid', { oneWay: true });
    const { deliveries } = await arm.emulator.control.waitForEventDeliveries();
    assert.deepEqual(deliveries.filter((d) => d.eventType === 'Notification').map((d) => d.duplicate), [false, true]);
    const ids = receivedEvents().map((e) => e.id);
    assert.equal(ids.length, 2);
    assert.equal(ids[0], ids[1]);
  });

  test('drop-then-retry: the first attempt is lost on the way, the retry arrives', async () => {
    await subscribe({ faults: { dropFirstAttempts: 1 } });
    await peer(portal, 'london', 'madrid', { oneWay: true });
    const { deliveries } = await arm.emulator.control.waitForEventDeliveries();
    assert.deepEqual(deliveries.filter((d) => d.eventType === 'Notification').map((d) => d.outcome), ['dropped', 'delivered']);
    assert.equal(receiver.notifications().length, 1);
    assert.equal(receiver.notifications()[0]?.headers['aeg-delivery-count'], '1');
  });

  test('reordering: a group of three batches arrives in reverse order of the changes', async () => {
    await subscribe({ faults: { reorder: 3 } });
    await portal.virtualNetworks.updateTags('rg-london', 'vnet-london', { tags: { step: '1' } });
    await portal.virtualNetworks.updateTags('rg-london', 'vnet-london', { tags: { step: '2' } });
    await portal.virtualNetworks.updateTags('rg-london', 'vnet-london', { tags: { step: '3' } });
    await arm.emulator.control.waitForEventDeliveries();
    const order = (await arm.emulator.control.activity()).records.map((r) => r.correlationId);
    assert.deepEqual(receivedEvents().map((e) => e.data.correlationId), [...order].reverse());
  });

  test('batches: operations completing together go out in one request, up to maxEventsPerBatch', async () => {
    await subscribe({ maxEventsPerBatch: 10 });
    const hold = await arm.emulator.control.addFault({ match: { operationId: 'Subnets_CreateOrUpdate' }, action: { type: 'holdOperation' }, times: 2 });
    assert.equal((await arm.raw('PUT', `${lab.vnet('london')}/subnets/extra`, { body: { properties: { addressPrefix: '10.1.9.0/24' } }, who: 'portal' })).status, 201);
    assert.equal((await arm.raw('PUT', `${lab.vnet('madrid')}/subnets/extra`, { body: { properties: { addressPrefix: '10.2.9.0/24' } }, who: 'portal' })).status, 201);
    await arm.emulator.control.releaseFault(hold.id);
    await arm.emulator.control.waitForEventDeliveries();
    assert.equal(receiver.notifications().length, 1);
    assert.equal(receivedEvents().length, 2);
  });

  test('waiting on a correlation id covers the running operation and its deliveries', async () => {
    await subscribe();
    const hold = await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'holdOperation' }, times: 1 });
    const correlationId = 'c0ffee00-0000-4000-8000-000000000042';
    const put = await arm.raw('PUT', `${lab.vnet('london')}/virtualNetworkPeerings/london-to-madrid`, {
      body: { properties: { remoteVirtualNetwork: { id: lab.vnet('madrid') } } },
      headers: { 'x-ms-correlation-request-id': correlationId },
    });
    assert.equal(put.status, 201);
    const waiting = arm.emulator.control.waitForEventDeliveries({ correlationId });
    await arm.emulator.control.releaseFault(hold.id);
    const { deliveries } = await waiting;
    assert.deepEqual(deliveries.map((d) => [d.outcome, d.correlationIds]), [['delivered', [correlationId]]]);
  });

  test('a wait that cannot settle says what is pending', async () => {
    await subscribe();
    await arm.emulator.control.addFault({ match: { operationId: 'VirtualNetworkPeerings_CreateOrUpdate' }, action: { type: 'holdOperation' }, times: 1 });
    await arm.raw('PUT', `${lab.vnet('london')}/virtualNetworkPeerings/london-to-madrid`, { body: { properties: { remoteVirtualNetwork: { id: lab.vnet('madrid') } } }, headers: { 'x-ms-correlation-request-id': 'held-1' } });
    await assert.rejects(arm.emulator.control.waitForEventDeliveries({ correlationId: 'held-1', timeoutMs: 50 }), /still running \(held by a fault rule\)/);
  });
});

describe('filters', () => {
  test('included event types, subject filters and advanced filters on data.operationName', async () => {
    await arm.emulator.control.addEventSubscription({ name: 'deletes', endpointUrl: receiver.url, includedEventTypes: ['Microsoft.Resources.ResourceDeleteSuccess'] });
    await arm.emulator.control.addEventSubscription({ name: 'madrid', endpointUrl: receiver.url, subjectBeginsWith: `/subscriptions/${labSub}/resourcegroups/RG-MADRID/` });
    await arm.emulator.control.addEventSubscription({
      name: 'vnets',
      endpointUrl: receiver.url,
      advancedFilters: [
        { operatorType: 'StringIn', key: 'data.operationName', values: ['microsoft.network/virtualnetworks/write', 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete'] },
        { operatorType: 'StringNotBeginsWith', key: 'subject', values: [lab.vnet('madrid')] },
      ],
    });
    await peer(portal, 'london', 'madrid');
    await portal.virtualNetworks.updateTags('rg-london', 'vnet-london', { tags: { a: '1' } });
    await portal.virtualNetworks.updateTags('rg-madrid', 'vnet-madrid', { tags: { a: '1' } });
    await portal.virtualNetworkPeerings.delete('rg-london', 'vnet-london', 'london-to-madrid');
    await arm.emulator.control.waitForEventDeliveries();
    const seen = (name: string) =>
      receiver
        .notifications()
        .filter((r) => r.headers['aeg-subscription-name'] === name.toUpperCase())
        .flatMap((r) => (r.body as EventBody[]).map((e) => `${e.data.operationName.split('/').slice(-2).join('/')} ${String(e.subject).split('/')[8]}`))
        .sort();
    assert.deepEqual(seen('deletes'), ['virtualNetworkPeerings/delete vnet-london']);
    assert.deepEqual(seen('madrid'), ['virtualNetworkPeerings/write vnet-madrid', 'virtualNetworks/write vnet-madrid']);
    assert.deepEqual(seen('vnets'), ['virtualNetworkPeerings/delete vnet-london', 'virtualNetworks/write vnet-london']);
  });

  test('a resource-group scope: only its resources, on the resource group topic', async () => {
    await subscribe({ scope: `/subscriptions/${labSub}/resourceGroups/rg-madrid` });
    await peer(portal, 'london', 'madrid');
    await arm.emulator.control.waitForEventDeliveries();
    assert.deepEqual(receivedEvents().map((e) => [e.topic, e.subject]), [[`/subscriptions/${labSub}/resourceGroups/rg-madrid`, `${lab.vnet('madrid')}/virtualNetworkPeerings/madrid-to-london`]]);
  });
});
