/**
 * The Bicep in `infra/` sets every app setting the app reads, so a setting added to the schema is not
 * forgotten in the deployment (it would silently run on its default in Azure).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../../local/repoRoot.js';
import { settingsSchema } from '../../../src/config/settings.js';
import { AUDIT_CONTAINER, AUDIT_ID_PREFIX } from '../../../src/workflows/audit/auditTypes.js';

/** Set by the platform or only meaningful locally. */
const NOT_DEPLOYED: Record<string, string> = {
  AzureWebJobsStorage: 'identity-based in Azure: AzureWebJobsStorage__accountName and __credential',
  TABLE_NAME_PREFIX: 'for several apps or test runs sharing one storage account; none in a deployment',
  AUDIT_REMEDIATION_WAIT_MS: 'a tuning knob whose default (10 minutes) suits Azure; tests shorten it',
  AUDIT_INITIATED_GRACE_MINUTES: 'a tuning knob with a sane default (an hour); set it as an app setting when needed',
};

test('every setting of the schema is set by infra/ (or deliberately left to the platform)', () => {
  const bicep = ['main.bicep', 'app.bicep'].map((f) => readFileSync(join(repoRoot(), 'infra', f), 'utf8')).join('\n');
  const missing = Object.keys(settingsSchema.shape).filter((name) => !(name in NOT_DEPLOYED) && !new RegExp(`(^|[\\s'{])${name}(:|')`, 'm').test(bicep));
  assert.deepEqual(missing, [], `settings the deployment does not set: ${missing.join(', ')}`);
  assert.match(bicep, /AzureWebJobsStorage__accountName/);
});

test('the retention rule of infra/ matches where audits keep their documents, and nothing else of the app', () => {
  const app = readFileSync(join(repoRoot(), 'infra', 'app.bicep'), 'utf8');
  const prefixes = [...app.matchAll(/prefixMatch: \[([^\]]*)\]/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([^']+)'/g)].map((p) => p[1]));
  assert.deepEqual(prefixes, [`${AUDIT_CONTAINER}/${AUDIT_ID_PREFIX}`]);
  assert.match(app, /daysAfterModificationGreaterThan: auditRetentionDays/);
});

