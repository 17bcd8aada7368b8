import type { CoreInvocationContext, FunctionCallback, RpcInvocationResponse, RpcLogCategory, RpcLogLevel, RpcParameterBinding, RpcTypedData } from './coreTypes.js';
import type { FunctionRegistry, RegisteredFunction } from './functionRegistry.js';

/** The data of one invocation as the host sends it to the worker. */
export interface InvocationRequest {
  invocationId: string;
  /** Trigger and input binding values by binding name. */
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
}

/** Receives the app's log calls for one invocation (`context.log`, library warnings). */
export type InvocationLog = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

/**
 * Runs one invocation the way the Node worker's invocation handler does: the programming model builds
 * the context and arguments from RPC data, `preInvocation` hooks may replace inputs and callback, the
 * callback runs, `postInvocation` hooks may replace result or error, and the model converts the result back
 * to RPC data (HTTP responses, return values, output bindings). An error of the function is rethrown.
 */
export async function invokeFunction(registry: FunctionRegistry, fn: RegisteredFunction, request: InvocationRequest, log: InvocationLog): Promise<RpcInvocationResponse> {
  const model = registry.programmingModel;
  if (!model) throw new Error(`Function "${fn.name}" cannot run: the app never set a programming model (it did not load @azure/functions).`);
  const coreContext: CoreInvocationContext = {
    invocationId: request.invocationId,
    request: { invocationId: request.invocationId, functionId: fn.name, inputData: request.inputData, triggerMetadata: request.triggerMetadata ?? {} },
    metadata: { name: fn.name, bindings: fn.bindings },
    log,
  };
  const invocation = model.getInvocationModel(coreContext);
  const { context, inputs } = await invocation.getArguments();
  const hookData: Record<string, unknown> = {};

  const pre = { hookData, appHookData: registry.appHookData, invocationContext: context, functionCallback: fn.handler as FunctionCallback, inputs };
  coreContext.state = 'preInvocationHooks';
  for (const hook of registry.hooks('preInvocation')) await hook(pre);
  coreContext.state = 'invocation';

  let result: unknown;
  let error: unknown;
  try {
    result = await invocation.invokeFunction(context, pre.inputs, pre.functionCallback);
  } catch (err) {
    error = err;
  }
  const post = { hookData, appHookData: registry.appHookData, invocationContext: context, inputs: pre.inputs, result, error };
  coreContext.state = 'postInvocationHooks';
  for (const hook of registry.hooks('postInvocation')) await hook(post);
  coreContext.state = undefined;
  if (post.error !== undefined && post.error !== null) throw post.error;
  return invocation.getResponse(context, post.result);
}
