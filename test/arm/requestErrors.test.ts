/**
 * ARM's refusals of malformed or unauthenticated requests, and the VNet write rules (subnets, prefixes,
 * ETags), with ARM's codes and messages that name the field or resource.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fourVnets, startTestArm, vnetId, type TestArm } from './support/armTestKit.js';

let arm: TestArm;
before(async () => {
  arm = await startTestArm();
});
after(() => arm.close());
beforeEach(() => arm.emulator.control.loadScenario(fourVnets));

type ErrorBody = { error: { code: string; message: string; details: Array<{ code: string; message: string }> } };
const code = (body: unknown): string => (body as ErrorBody).error.code;

describe('request shape', () => {
  test('missing api-version → MissingApiVersionParameter; unknown → NoRegisteredProviderFound listing the supported ones', async () => {
    const noVersion = await fetch(`${arm.emulator.url}${vnetId('rg1', 'a')}`, { headers: { authorization: `Bearer ${(await arm.emulator.control.token('app')).accessToken}` } });
    assert.equal(noVersion.status, 400);
    assert.equal(code(await noVersion.json()), 'MissingApiVersionParameter');
    const unknown = await arm.raw('GET', `${vnetId('rg1', 'a')}?api-version=2019-01-01`);
    assert.equal(code(unknown.body), 'NoRegisteredProviderFound');
    assert.match((unknown.body as ErrorBody).error.message, /2024-05-01.*2026-01-01/);
  });

  test('each provider has its own versions: Microsoft.Resources refuses a Network api-version', async () => {
    const answer = await arm.raw('GET', '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg1?api-version=2026-01-01');
    assert.equal(code(answer.body), 'NoRegisteredProviderFound');
    assert.equal((await arm.raw('GET', '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg1?api-version=2024-03-01')).status, 200);
  });

  test('an unknown member is refused naming it and its path', async () => {
    const answer = await arm.raw('PUT', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/p`, { body: { properties: { remoteVirtualNetwork: { id: vnetId('rg1', 'b') }, allowForwardTraffic: true } } });
    assert.equal(answer.status, 400);
    assert.equal(code(answer.body), 'InvalidRequestFormat');
    assert.match((answer.body as ErrorBody).error.details[0]?.message ?? '', /'allowForwardTraffic'.*Path 'properties\.allowForwardTraffic'/);
  });

  test('a wrong type is refused naming the path; malformed JSON is refused', async () => {
    const typed = await arm.raw('PUT', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/p`, { body: { properties: { remoteVirtualNetwork: { id: vnetId('rg1', 'b') }, allowForwardedTraffic: 'yes' } } });
    assert.match((typed.body as ErrorBody).error.details[0]?.message ?? '', /properties\.allowForwardedTraffic/);
    const broken = await arm.raw('PUT', vnetId('rg1', 'a'), { rawBody: '{"location":' });
    assert.equal(code(broken.body), 'InvalidRequestFormat');
  });

  test('read-only members echoed from a GET are accepted and ignored', async () => {
    const current = (await arm.raw('GET', vnetId('rg1', 'a'))).body as { properties: Record<string, unknown> };
    const answer = await arm.raw('PUT', vnetId('rg1', 'a'), { body: { ...current, properties: { ...current.properties, provisioningState: 'Failed', resourceGuid: 'mine' } } });
    assert.equal(answer.status, 200);
    assert.notEqual((answer.body as { properties: { resourceGuid: string } }).properties.resourceGuid, 'mine');
  });

  test('invalid names, missing groups and resources', async () => {
    assert.equal(code((await arm.raw('PUT', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/-bad-`, { body: { properties: { remoteVirtualNetwork: { id: vnetId('rg1', 'b') } } } })).body), 'InvalidResourceName');
    assert.equal(code((await arm.raw('GET', vnetId('nogroup', 'a'))).body), 'ResourceGroupNotFound');
    const missing = await arm.raw('GET', vnetId('rg1', 'zz'));
    assert.equal(code(missing.body), 'ResourceNotFound');
    assert.equal(missing.headers.get('x-ms-failure-cause'), 'gateway');
    assert.equal(code((await arm.raw('GET', `${vnetId('rg1', 'a')}/virtualNetworkPeerings/zz`)).body), 'NotFound');
    assert.equal(code((await arm.raw('GET', '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Network/widgets')).body), 'InvalidResourceType');
  });

  test('authentication: no token, a forged token, an expired token', async () => {
    assert.equal(code((await arm.raw('GET', vnetId('rg1', 'a'), { token: null })).body), 'AuthenticationFailed');
    const token = (await arm.emulator.control.token('app')).accessToken;
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA`;
    assert.equal(code((await arm.raw('GET', vnetId('rg1', 'a'), { token: forged })).body), 'InvalidAuthenticationToken');
    const saved = arm.emulator.env.now;
    const short = (await arm.emulator.control.token('app', 1)).accessToken;
    arm.emulator.env.now = () => saved() + 5_000;
    try {
      assert.equal(code((await arm.raw('GET', vnetId('rg1', 'a'), { token: short })).body), 'ExpiredAuthenticationToken');
    } finally {
      arm.emulator.env.now = saved;
    }
  });
});

describe('VNet write rules', () => {
  const put = (body: unknown, headers: Record<string, string> = {}) => arm.raw('PUT', vnetId('rg1', 'a'), { body, headers });
  const vnetBody = (prefixes: string[], subnets: Array<{ name: string; prefix: string }>) => ({
    location: 'westeurope',
    properties: { addressSpace: { addressPrefixes: prefixes }, subnets: subnets.map((s) => ({ name: s.name, properties: { addressPrefix: s.prefix } })) },
  });

  test('a subnet outside the address space → NetcfgSubnetRangeOutsideVnet; overlapping subnets → NetcfgSubnetRangesOverlap', async () => {
    assert.equal(code((await put(vnetBody(['10.1.0.0/16'], [{ name: 's', prefix: '10.9.0.0/24' }]))).body), 'NetcfgSubnetRangeOutsideVnet');
    assert.equal(code((await put(vnetBody(['10.1.0.0/16'], [{ name: 's', prefix: '10.1.0.0/24' }, { name: 't', prefix: '10.1.0.0/25' }]))).body), 'NetcfgSubnetRangesOverlap');
    assert.equal(code((await put(vnetBody(['10.1.0.1/16'], []))).body), 'InvalidAddressPrefixFormat');
  });

  test('omitting a subnet in use → InUseSubnetCannotBeDeleted; moving it away from its NIC → InUsePrefixCannotBeDeleted', async () => {
    await arm.emulator.control.loadScenario({ ...fourVnets, virtualMachines: [{ resourceGroup: 'rg1', name: 'vm1', osType: 'Linux', nics: [{ vnet: 'rg1/a', subnet: 'default' }] }] });
    const dropped = await put(vnetBody(['10.1.0.0/16'], []));
    assert.equal(code(dropped.body), 'InUseSubnetCannotBeDeleted');
    assert.match((dropped.body as ErrorBody).error.message, /vm1-nic\/ipConfigurations\/ipconfig1/);
    assert.equal(code((await put(vnetBody(['10.1.0.0/16'], [{ name: 'default', prefix: '10.1.1.0/24' }]))).body), 'InUsePrefixCannotBeDeleted');
    const deleteVnet = await arm.raw('DELETE', vnetId('rg1', 'a'));
    assert.equal(code(deleteVnet.body), 'InUseSubnetCannotBeDeleted');
  });

  test('ETags: every write changes it, If-Match with a stale one → 412 PreconditionFailed', async () => {
    const first = await arm.raw('GET', vnetId('rg1', 'a'));
    const etag = first.headers.get('etag') ?? '';
    const updated = await put(vnetBody(['10.1.0.0/16'], [{ name: 'default', prefix: '10.1.0.0/24' }]), { 'if-match': etag });
    assert.equal(updated.status, 200);
    assert.notEqual((updated.body as { etag: string }).etag, etag);
    const stale = await put(vnetBody(['10.1.0.0/16'], [{ name: 'default', prefix: '10.1.0.0/24' }]), { 'if-match': etag });
    assert.equal(stale.status, 412);
    assert.equal(code(stale.body), 'PreconditionFailed');
  });
});
