// Event Grid: a VNet or one of its peerings changed → hand the change to the VNet's reconcile instance.
// The name is what infra/eventgrid.bicep subscribes. A hand-over that cannot be confirmed fails the
// invocation, so Event Grid delivers again.
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

export async function vnetChanged(event: EventGridEvent, context: InvocationContext): Promise<void> {
  const { takeVnetEvents } = await import('../src/workflows/intake/vnetChangeIntake.js');
  await takeVnetEvents(event, df.getClient(context), { info: (m) => context.log(m), warn: (m) => context.warn(m) });
}

app.eventGrid('vnetChanged', { extraInputs: [df.input.durableClient()], handler: vnetChanged });
