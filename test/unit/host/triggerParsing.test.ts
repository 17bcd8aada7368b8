import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveBindingExpressions } from '../../../local/host/settings.js';
import { parseRouteTemplate } from '../../../local/host/triggers/routeTemplate.js';
import { parseSchedule } from '../../../local/host/triggers/timerTrigger.js';

describe('route templates', () => {
  it('matches literals case-insensitively and extracts decoded parameters', () => {
    assert.deepEqual(parseRouteTemplate('vnets/{sub}/{rg}/{vnet}/address-space').match('VNETS/s1/r%20g/v1/address-space'), { sub: 's1', rg: 'r g', vnet: 'v1' });
    assert.equal(parseRouteTemplate('vnets/{sub}').match('vnets/s1/extra'), undefined);
  });

  it('supports optional, constrained, default and catch-all parameters', () => {
    assert.deepEqual(parseRouteTemplate('orchestrators/{name}/{id?}').match('orchestrators/x'), { name: 'x' });
    assert.equal(parseRouteTemplate('items/{id:int}').match('items/abc'), undefined);
    assert.deepEqual(parseRouteTemplate('items/{id:int}').match('items/42'), { id: '42' });
    assert.deepEqual(parseRouteTemplate('page/{n=1}').match('page'), { n: '1' });
    assert.deepEqual(parseRouteTemplate('files/{*path}').match('files/a/b/c.txt'), { path: 'a/b/c.txt' });
  });
});

describe('timer schedules', () => {
  it('computes the next NCRONTAB occurrence in UTC, seconds first', () => {
    const next = parseSchedule('0 0 */6 * * *', 'audit');
    assert.equal(new Date(next(Date.parse('2024-05-01T07:30:00Z'))).toISOString(), '2024-05-01T12:00:00.000Z');
    assert.equal(new Date(parseSchedule('30 * * * * *', 'x')(Date.parse('2024-05-01T07:30:45Z'))).toISOString(), '2024-05-01T07:31:30.000Z');
  });

  it('accepts a TimeSpan interval and refuses five-field cron', () => {
    assert.equal(parseSchedule('00:05:00', 'x')(0), 300_000);
    assert.throws(() => parseSchedule('*/5 * * * *', 'audit'), /Timer function 'audit': '\*\/5 \* \* \* \*' is not a six-field NCRONTAB expression/);
  });
});

describe('binding expressions', () => {
  it('resolves %Name% from settings in nested binding properties, and names a missing one', () => {
    assert.deepEqual(resolveBindingExpressions({ schedule: '%S%', nested: ['x-%A%-y'] }, { S: '0 * * * * *', A: 'a' }, "Function 'f'"), { schedule: '0 * * * * *', nested: ['x-a-y'] });
    assert.throws(() => resolveBindingExpressions({ schedule: '%MISSING%' }, {}, "Function 'f'"), /Function 'f': the binding expression '%MISSING%' does not resolve to a value: set the app setting MISSING\./);
  });
});
