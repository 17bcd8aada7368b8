/**
 * Large documents in blob storage (DESIGN.md, ARM economy: an audit's inventory and reports do not travel
 * through orchestration history, which keeps ids and counts only). JSON or text by container and name.
 */
import { storageFromEnv, type StorageAccess } from './storageAccess.js';

/** Options of the document functions. */
export interface BlobDocumentOptions {
  readonly storage?: StorageAccess;
}

/** Where a document was written. */
export interface StoredDocument {
  readonly container: string;
  readonly name: string;
  readonly url: string;
  readonly etag?: string;
  readonly bytes: number;
}

async function containerOf(container: string, options: BlobDocumentOptions) {
  return (options.storage ?? storageFromEnv()).container(container);
}

/** Writes text (replacing any blob of that name) with its content type. */
export async function putText(container: string, name: string, text: string, contentType = 'text/plain; charset=utf-8', options: BlobDocumentOptions = {}): Promise<StoredDocument> {
  const client = (await containerOf(container, options)).getBlockBlobClient(name);
  const body = Buffer.from(text, 'utf8');
  const answer = await client.uploadData(body, { blobHTTPHeaders: { blobContentType: contentType } });
  return { container, name, url: client.url, ...(answer.etag ? { etag: answer.etag } : {}), bytes: body.length };
}

/** Writes a value as JSON. */
export function putJson(container: string, name: string, value: unknown, options: BlobDocumentOptions = {}): Promise<StoredDocument> {
  return putText(container, name, JSON.stringify(value), 'application/json; charset=utf-8', options);
}

/** Reads a blob as text with its content type; `undefined` when it does not exist. */
export async function getText(container: string, name: string, options: BlobDocumentOptions = {}): Promise<{ text: string; contentType?: string } | undefined> {
  const client = (await containerOf(container, options)).getBlockBlobClient(name);
  try {
    const answer = await client.download();
    const chunks: Buffer[] = [];
    for await (const chunk of answer.readableStreamBody ?? []) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return { text: Buffer.concat(chunks).toString('utf8'), ...(answer.contentType ? { contentType: answer.contentType } : {}) };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/** Reads a JSON blob; `undefined` when it does not exist. The caller vouches for the type. */
export async function getJson<T>(container: string, name: string, options: BlobDocumentOptions = {}): Promise<T | undefined> {
  const found = await getText(container, name, options);
  return found === undefined ? undefined : (JSON.parse(found.text) as T);
}
