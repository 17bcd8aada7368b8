/** Request bodies of `NetworkWatchers_*`: the watcher itself, `connectivityCheck` and `ipFlowVerify` (spec `networkWatcher.json`). */
import { z } from 'zod';
import { opaque, readOnly, tags } from './common.js';

const port = z.number().int().min(0).max(65535);

export const networkWatcherSchema = z.strictObject({
  id: z.string().optional(),
  name: readOnly,
  type: readOnly,
  etag: readOnly,
  location: z.string().optional(),
  tags: tags.optional(),
  properties: z.strictObject({ provisioningState: readOnly }).optional(),
});

export const connectivityParametersSchema = z.strictObject({
  source: z.strictObject({ resourceId: z.string().min(1), port: port.optional() }),
  destination: z.strictObject({ resourceId: z.string().optional(), address: z.string().optional(), port: port.optional() }),
  protocol: z.string().optional(),
  protocolConfiguration: opaque,
  preferredIPVersion: z.string().optional(),
});

export const ipFlowParametersSchema = z.strictObject({
  targetResourceId: z.string().min(1),
  direction: z.string(),
  protocol: z.string(),
  localPort: z.string(),
  remotePort: z.string(),
  localIPAddress: z.string(),
  remoteIPAddress: z.string(),
  targetNicResourceId: z.string().optional(),
});

export type ConnectivityParameters = z.infer<typeof connectivityParametersSchema>;
export type IpFlowParameters = z.infer<typeof ipFlowParametersSchema>;
