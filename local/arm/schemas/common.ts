/**
 * Request-body schemas shared by the resource schemas. They follow `../shared/spec` (2024-05-01) property by
 * property: unknown members are refused (400 naming the member, as ARM's JSON reader does), read-only members
 * are accepted and ignored (clients echo GET bodies), and members the emulator does not model are accepted
 * with any shape and echoed back.
 */
import { z } from 'zod';

/** A read-only member: accepted in requests, ignored. */
export const readOnly = z.unknown().optional();

/** A member the emulator does not model: any shape, echoed back. */
export const opaque = z.unknown().optional();

/** A reference to another resource (`{ id }`); echoed GET bodies may carry more members. */
export const reference = z.looseObject({ id: z.string().optional() });

/** Resource tags. */
export const tags = z.record(z.string(), z.string());

/** `AddressSpace`. */
export const addressSpace = z.strictObject({
  addressPrefixes: z.array(z.string()).optional(),
  ipamPoolPrefixAllocations: z.array(z.unknown()).optional(),
});
