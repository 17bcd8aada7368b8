import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPeeringName, isValidPeeringName, peeringNameProblem } from '../../../src/domain/peeringName.js';

describe('isValidPeeringName', () => {
  const table: [string, boolean][] = [
    ['London-to-Madrid', true],
    ['a', true],
    ['peer_', true],
    ['v1.2-x_y', true],
    ['x'.repeat(80), true],
    ['x'.repeat(81), false],
    ['', false],
    ['-lead', false],
    ['_lead', false],
    ['trail-', false],
    ['trail.', false],
    ['has space', false],
    ['slash/no', false],
  ];
  for (const [name, ok] of table) it(`${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)} → ${ok}`, () => assert.equal(isValidPeeringName(name), ok));

  it('explains the rule and names the name', () => {
    assert.match(peeringNameProblem('bad name') ?? '', /'bad name'.*1-80 characters/);
    assert.equal(peeringNameProblem('good'), undefined);
  });
});

describe('defaultPeeringName', () => {
  it('joins the VNet names', () => {
    assert.equal(defaultPeeringName('London', 'Madrid'), 'London-to-Madrid');
    assert.equal(defaultPeeringName('Madrid', 'London'), 'Madrid-to-London');
  });

  it('stays within 80 characters, valid and distinct for long names', () => {
    const a = 'a'.repeat(64);
    const b1 = `b${'x'.repeat(62)}1`;
    const b2 = `b${'x'.repeat(62)}2`;
    const n1 = defaultPeeringName(a, b1);
    const n2 = defaultPeeringName(a, b2);
    for (const n of [n1, n2]) {
      assert.ok(n.length <= 80, n);
      assert.ok(isValidPeeringName(n), n);
    }
    assert.notEqual(n1, n2);
    assert.equal(defaultPeeringName(a, b1), n1);
  });

  it('produces a valid name when a VNet name would end the name badly', () => {
    const long = `${'v'.repeat(40)}.${'w'.repeat(30)}`;
    assert.ok(isValidPeeringName(defaultPeeringName(long, long)));
  });
});
