import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReconcileStatus } from '../../../src/workflows/reconcile/passResult.js';
import { STATUS_BUDGET, fitStatus } from '../../../src/workflows/reconcile/statusBudget.js';

const vnet = (i: number) => `/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-spokes/providers/microsoft.network/virtualnetworks/spoke-${i}`;

describe('fitStatus', () => {
  it('leaves a status within the budget as it is', () => {
    const status: ReconcileStatus = { vnetId: vnet(0), generation: 3, phase: 'probing', tickets: ['change:a'], passTickets: ['change:a'] };
    assert.equal(fitStatus(status), status);
  });

  it('brings a hub\'s status after an event storm under Azure\'s 16 KB of UTF-16, keeping the newest tickets and the failed probes', () => {
    const tickets = Array.from({ length: 100 }, (_, i) => `change:${String(i).padStart(4, '0')}-6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f`);
    const probes = Array.from({ length: 20 }, (_, i) => ({ pairKey: `${vnet(0)}|${vnet(i + 1)}`, passed: i !== 13, diagnosis: `probe hub ↔ spoke-${i + 1}: ${'x'.repeat(290)}` }));
    const status: ReconcileStatus = {
      vnetId: vnet(0),
      generation: 7,
      phase: 'closing',
      tickets,
      passTickets: tickets,
      currentStep: 'y'.repeat(1000),
      lastPass: { outcome: 'converged', summary: 'z'.repeat(2000), probes },
    };
    assert.ok(JSON.stringify(status).length > 2 * STATUS_BUDGET, 'the input is well over the budget');

    const fitted = fitStatus(status);

    assert.ok(JSON.stringify(fitted).length <= STATUS_BUDGET, `${JSON.stringify(fitted).length} code units`);
    assert.equal(fitted.tickets?.at(-1), tickets.at(-1));
    assert.equal(fitted.passTickets?.at(-1), tickets.at(-1));
    assert.ok(fitted.lastPass?.probes.some((p) => !p.passed && p.pairKey.endsWith('spoke-14')), 'the failed probe is kept');
    assert.deepEqual([fitted.vnetId, fitted.generation, fitted.phase, fitted.lastPass?.outcome], [vnet(0), 7, 'closing', 'converged']);
  });
});
