/**
 * The route table: ARM URL templates (spelled as the spec spells them) → operation descriptors. Literal
 * segments match case-insensitively (ARM paths are), `{name}` segments capture (URL-decoded).
 */
import type { ProviderNamespace } from './apiVersions.js';
import type { CallKind } from './callLog.js';
import type { EmulatorEnv } from './emulatorEnv.js';
import type { ArmRequest, ArmResponse } from './http.js';

/** What a handler gets. */
export interface RouteContext {
  req: ArmRequest;
  params: Record<string, string>;
  env: EmulatorEnv;
}

/** One ARM operation the emulator serves. */
export interface Route {
  /** The spec's operationId (`VirtualNetworks_CreateOrUpdate`); names the operation in the call log and faults. */
  operationId: string;
  method: 'GET' | 'PUT' | 'DELETE' | 'PATCH' | 'POST' | 'HEAD';
  template: string;
  provider: ProviderNamespace;
  /** Resource type for api-version errors (`virtualNetworks`). */
  resourceType: string;
  kind: CallKind;
  /** The RBAC action and scope the request needs; absent: any authenticated caller. */
  permission?: (params: Record<string, string>) => { action: string; scope: string };
  /**
   * The spec's error body for this operation: `CloudError` (default; `details` always present) or
   * `ErrorResponse` (Network Watcher: `{ error: { code, message, target } }`, no `details`).
   */
  errorBody?: 'CloudError' | 'ErrorResponse';
  handle: (context: RouteContext) => ArmResponse;
}

/** A matched route with its captured parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface Compiled {
  route: Route;
  segments: Array<{ literal: string } | { param: string }>;
}

/** Matches requests against a route table. */
export class Router {
  private readonly bySegmentCount = new Map<number, Compiled[]>();

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.template
        .split('/')
        .filter(Boolean)
        .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() }));
      const list = this.bySegmentCount.get(segments.length) ?? [];
      list.push({ route, segments });
      this.bySegmentCount.set(segments.length, list);
    }
  }

  /** The route for a method and raw path; `undefined` when none matches. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const parts = rawPath.split('/').filter(Boolean);
    for (const candidate of this.bySegmentCount.get(parts.length) ?? []) {
      if (candidate.route.method !== method && !(method === 'HEAD' && candidate.route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      const ok = candidate.segments.every((segment, i) => {
        const part = parts[i] as string;
        if ('literal' in segment) return segment.literal === part.toLowerCase();
        params[segment.param] = decodeURIComponent(part);
        return true;
      });
      if (ok) return { route: candidate.route, params };
    }
    return undefined;
  }
}
