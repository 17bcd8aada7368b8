/** Request body of `ResourceGroups_CreateOrUpdate` (Microsoft.Resources). */
import { z } from 'zod';
import { readOnly, tags } from './common.js';

export const resourceGroupSchema = z.strictObject({
  id: readOnly,
  name: readOnly,
  type: readOnly,
  location: z.string(),
  tags: tags.optional(),
  managedBy: z.string().optional(),
  properties: z.strictObject({ provisioningState: readOnly }).optional(),
});

export type ResourceGroupBody = z.infer<typeof resourceGroupSchema>;
