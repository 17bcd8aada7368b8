/**
 * Event Grid's event filtering (docs `articles/event-grid/event-filtering.md`): included event types,
 * `subjectBeginsWith` / `subjectEndsWith` (case-insensitive unless `isSubjectCaseSensitive`), and advanced
 * filters on the delivered event's keys (`data.operationName`, `subject`, `eventType`, CloudEvents `type`…).
 *
 * Advanced filters are ANDed; the values of one filter are ORed; string comparisons ignore case. A key the
 * event does not have makes the `Not…` operators and `IsNullOrUndefined` true and the others false. An
 * array value is filtered element-wise only with `enableAdvancedFilteringOnArrays` (any element for the
 * positive operators, no element for the `Not…` ones).
 */
import type { AdvancedFilter, EventSubscription } from './eventSubscription.js';

/** The value at a dotted key: the first segment case-insensitive (`EventType` = `eventType`), the rest exact. */
export function valueAtKey(event: Record<string, unknown>, key: string): unknown {
  const [head, ...rest] = key.split('.');
  const topKey = Object.keys(event).find((k) => k.toLowerCase() === (head ?? '').toLowerCase());
  let value: unknown = topKey === undefined ? undefined : event[topKey];
  for (const segment of rest) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

const negated = new Set(['NumberNotIn', 'NumberNotInRange', 'StringNotIn', 'StringNotBeginsWith', 'StringNotEndsWith', 'StringNotContains']);

/** The positive test of an operator on one scalar (a `Not…` operator is the negation of its positive twin). */
function positiveMatch(filter: AdvancedFilter, value: unknown): boolean {
  const values = filter.values ?? [];
  const strings = values.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const ranges = values.filter((v): v is [number, number] => Array.isArray(v));
  const text = typeof value === 'string' ? value.toLowerCase() : undefined;
  const number = typeof value === 'number' ? value : undefined;
  switch (filter.operatorType) {
    case 'StringIn':
    case 'StringNotIn':
      return text !== undefined && strings.includes(text);
    case 'StringBeginsWith':
    case 'StringNotBeginsWith':
      return text !== undefined && strings.some((s) => text.startsWith(s));
    case 'StringEndsWith':
    case 'StringNotEndsWith':
      return text !== undefined && strings.some((s) => text.endsWith(s));
    case 'StringContains':
    case 'StringNotContains':
      return text !== undefined && strings.some((s) => text.includes(s));
    case 'NumberIn':
    case 'NumberNotIn':
      return number !== undefined && numbers.includes(number);
    case 'NumberInRange':
    case 'NumberNotInRange':
      return number !== undefined && ranges.some(([from, to]) => from <= number && number <= to);
    case 'NumberLessThan':
      return number !== undefined && typeof filter.value === 'number' && number < filter.value;
    case 'NumberGreaterThan':
      return number !== undefined && typeof filter.value === 'number' && number > filter.value;
    case 'NumberLessThanOrEquals':
      return number !== undefined && typeof filter.value === 'number' && number <= filter.value;
    case 'NumberGreaterThanOrEquals':
      return number !== undefined && typeof filter.value === 'number' && number >= filter.value;
    case 'BoolEquals':
      return typeof value === 'boolean' && value === filter.value;
    default:
      return false;
  }
}

/** Whether one advanced filter lets the event through. */
export function advancedFilterMatches(filter: AdvancedFilter, event: Record<string, unknown>, onArrays: boolean): boolean {
  const value = valueAtKey(event, filter.key);
  const missing = value === undefined || value === null;
  if (filter.operatorType === 'IsNullOrUndefined') return missing;
  if (filter.operatorType === 'IsNotNull') return !missing;
  const isNegated = negated.has(filter.operatorType);
  if (missing) return isNegated;
  if (Array.isArray(value)) {
    if (!onArrays) return false;
    const any = value.some((element) => positiveMatch(filter, element));
    return isNegated ? !any : any;
  }
  const positive = positiveMatch(filter, value);
  return isNegated ? !positive : positive;
}

/** Whether a subscription's filters let the delivered form of an event through. */
export function subscriptionAccepts(subscription: EventSubscription, event: Record<string, unknown>, eventType: string, subject: string): boolean {
  if (subscription.includedEventTypes && !subscription.includedEventTypes.some((t) => t.toLowerCase() === eventType.toLowerCase())) return false;
  const fold = (s: string): string => (subscription.isSubjectCaseSensitive ? s : s.toLowerCase());
  if (subscription.subjectBeginsWith && !fold(subject).startsWith(fold(subscription.subjectBeginsWith))) return false;
  if (subscription.subjectEndsWith && !fold(subject).endsWith(fold(subscription.subjectEndsWith))) return false;
  return subscription.advancedFilters.every((f) => advancedFilterMatches(f, event, subscription.enableAdvancedFilteringOnArrays));
}
