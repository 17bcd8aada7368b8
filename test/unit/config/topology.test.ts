import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTopology, TopologyFileError } from '../../../src/config/topology.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const id = (name: string, rg = 'rg') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;

function issuesOf(text: string): string[] {
  try {
    parseTopology(text, 'topology.yaml');
  } catch (error) {
    assert.ok(error instanceof TopologyFileError, String(error));
    return error.issues.map((i) => `${i.line ?? '?'}:${i.field}: ${i.message}`);
  }
  assert.fail('expected a TopologyFileError');
}

describe('parseTopology', () => {
  it('reads YAML groups of every member kind and connectivity into domain groups', () => {
    const file = parseTopology(
      [
        'groups:',
        '  - name: prod',
        '    members:',
        '      - tag: peering-group=prod',
        `        subscription: ${SUB}`,
        '      - resourceGroup: rg-extra',
        `        subscription: ${SUB}`,
        '    connectivity: mesh',
        '    options: { allowForwardedTraffic: true }',
        '  - name: hub',
        '    connectivity: hub-spoke',
        `    hub: ${id('hub')}`,
        '    spokesUseRemoteGateways: true',
        '    members:',
        `      - ids: [${id('s1')}, ${id('s2')}]`,
        '  - name: links',
        '    connectivity: pairs',
        `    pairs: [[${id('a')}, ${id('b')}]]`,
      ].join('\n'),
    );
    assert.deepEqual(file.groups, [
      {
        name: 'prod',
        options: { allowForwardedTraffic: true },
        members: [{ tag: { name: 'peering-group', value: 'prod' }, subscriptionId: SUB }, { resourceGroup: 'rg-extra', subscriptionId: SUB }],
        connectivity: { kind: 'mesh' },
      },
      { name: 'hub', members: [{ ids: [id('hub')] }, { ids: [id('s1'), id('s2')] }], connectivity: { kind: 'hub-spoke', hub: id('hub'), spokesUseRemoteGateways: true } },
      { name: 'links', members: [{ ids: [id('a'), id('b')] }], connectivity: { kind: 'pairs', pairs: [[id('a'), id('b')]] } },
    ]);
  });

  it('reads the same topology as JSON', () => {
    const file = parseTopology(JSON.stringify({ groups: [{ name: 'g', connectivity: 'mesh', members: [{ tag: { name: 'team', value: 'x' } }] }] }), 'topology.json');
    assert.deepEqual(file.groups[0]?.members, [{ tag: { name: 'team', value: 'x' } }]);
  });

  it('names line and field of every problem', () => {
    const found = issuesOf(
      [
        'groups:',
        '  - name: prod',
        '    connectivity: mesh',
        '    members:',
        '      - ids: [/subscriptions/x/vnet-a]',
        '  - name: hub',
        '    connectivity: star',
        '  - name: prod',
        '    connectivity: pairs',
        `    pairs: [[${id('a')}, ${id('b')}]]`,
        '    options: { allowForwardedTraffic: yes-please }',
      ].join('\n'),
    );
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0] ?? '', /^5:groups\[0\]\.members\[0\]\.ids\[0\]: is not a VNet id: expected \/subscriptions\/\{subscriptionId\}/);
    assert.match(found[1] ?? '', /^7:groups\[1\]\.connectivity: connectivity must be 'mesh', 'hub-spoke' \(with hub\) or 'pairs'/);
    assert.match(found[2] ?? '', /^11:groups\[2\]\.options\.allowForwardedTraffic: /);
  });

  it('refuses two groups of one name, naming the second', () => {
    const found = issuesOf(['groups:', '  - name: prod', '    connectivity: mesh', '    members: [{ tag: a=b }]', '  - name: Prod', '    connectivity: mesh', '    members: [{ tag: a=c }]'].join('\n'));
    assert.deepEqual(found, ["5:groups[1].name: 'Prod' is already the name of groups[0]"]);
  });

  it('reports a member of no known kind, and YAML syntax errors with their line', () => {
    assert.match(issuesOf(['groups:', '  - name: g', '    connectivity: mesh', '    members:', '      - vnet: a'].join('\n'))[0] ?? '', /^5:groups\[0\]\.members\[0\]: a member must be one of/);
    assert.match(issuesOf(['groups:', '  - name: g', '    connectivity: [mesh'].join('\n'))[0] ?? '', /^\d+:\(syntax\): /);
  });
});
