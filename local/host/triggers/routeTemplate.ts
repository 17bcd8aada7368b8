/** A parsed HTTP route template such as `orchestrators/{name}/{id?}`, `items/{id:int}` or `files/{*path}`. */
export interface RouteTemplate {
  readonly text: string;
  /** Route values when `path` (without the route prefix, no leading slash) matches, else undefined. */
  match(path: string): Record<string, string> | undefined;
}

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; catchAll: boolean; constraint: string | undefined; fallback: string | undefined };

const number = /^-?\d+(\.\d+)?$/;
const constraintTests: Record<string, (value: string) => boolean> = {
  int: (v) => /^-?\d+$/.test(v),
  long: (v) => /^-?\d+$/.test(v),
  double: (v) => number.test(v),
  float: (v) => number.test(v),
  decimal: (v) => number.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  guid: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
};

/**
 * Parses an ASP.NET-style route template as Azure Functions uses for HTTP triggers: literal segments
 * (matched case-insensitively), `{name}`, optional `{name?}`, defaults `{name=value}`, constraints
 * `{name:int}` (int, long, double, float, decimal, bool, alpha, guid; others accepted as-is) and a
 * trailing catch-all `{*name}`. Route values are URL-decoded. Throws on a segment it cannot read.
 */
export function parseRouteTemplate(text: string): RouteTemplate {
  const segments: Segment[] = text
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      const param = /^\{(\*)?([A-Za-z_]\w*)(?::([a-z]+)(?:\([^)]*\))?)?(\?)?(?:=([^}]*))?\}$/.exec(part);
      if (!param) {
        if (/[{}]/.test(part)) throw new Error(`Route template "${text}": segment "${part}" is not supported (one whole parameter per segment).`);
        return { kind: 'literal', text: part };
      }
      return { kind: 'param', catchAll: param[1] === '*', name: param[2] as string, constraint: param[3], optional: param[4] === '?' || param[5] !== undefined, fallback: param[5] };
    });
  return {
    text,
    match(path: string): Record<string, string> | undefined {
      const parts = path.replace(/^\/+|\/+$/g, '').split('/').filter((part) => part !== '');
      const values: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i] as Segment;
        const part = parts[i];
        if (segment.kind === 'literal') {
          if (part === undefined || decode(part).toLowerCase() !== segment.text.toLowerCase()) return undefined;
          continue;
        }
        if (segment.catchAll) {
          const rest = parts.slice(i).map(decode).join('/');
          if (rest !== '') values[segment.name] = rest;
          return values;
        }
        if (part === undefined) {
          if (!segment.optional) return undefined;
          if (segment.fallback !== undefined) values[segment.name] = segment.fallback;
          continue;
        }
        const value = decode(part);
        const test = segment.constraint ? constraintTests[segment.constraint] : undefined;
        if (test && !test(value)) return undefined;
        values[segment.name] = value;
      }
      return parts.length <= segments.length ? values : undefined;
    },
  };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
