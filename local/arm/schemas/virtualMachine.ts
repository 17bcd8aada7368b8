/**
 * Request bodies of `VirtualMachines_CreateOrUpdate` and `VirtualMachineExtensions_CreateOrUpdate`. There is
 * no Compute spec in `../shared/spec`, so these are lenient (unknown members are accepted and ignored) and
 * check only what the emulator models: the NICs, the OS type, the size, the Network Watcher extension.
 */
import { z } from 'zod';
import { tags } from './common.js';

export const virtualMachineSchema = z.looseObject({
  location: z.string().optional(),
  tags: tags.optional(),
  properties: z.looseObject({
    hardwareProfile: z.looseObject({ vmSize: z.string().optional() }).optional(),
    storageProfile: z
      .looseObject({
        osDisk: z.looseObject({ osType: z.enum(['Windows', 'Linux']).optional() }).optional(),
        imageReference: z.looseObject({ publisher: z.string().optional(), offer: z.string().optional(), sku: z.string().optional() }).optional(),
      })
      .optional(),
    osProfile: z.looseObject({ computerName: z.string().optional() }).optional(),
    networkProfile: z.looseObject({
      networkInterfaces: z.array(z.looseObject({ id: z.string().min(1), properties: z.looseObject({ primary: z.boolean().optional() }).optional() })).min(1),
    }),
  }),
});

export const vmExtensionSchema = z.looseObject({
  location: z.string().optional(),
  tags: tags.optional(),
  properties: z.looseObject({
    publisher: z.string().min(1),
    type: z.string().min(1),
    typeHandlerVersion: z.string().optional(),
    autoUpgradeMinorVersion: z.boolean().optional(),
  }),
});

export type VirtualMachineBody = z.infer<typeof virtualMachineSchema>;
