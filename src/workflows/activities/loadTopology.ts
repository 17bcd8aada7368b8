/**
 * Reads the topology file `TOPOLOGY_FILE` names: a path on the app's file system (relative to the app's
 * folder), or a blob URL in the app's storage account (`https://<account>.blob.core.windows.net/<container>/<name>`,
 * or Azurite's `http://127.0.0.1:10000/<account>/<container>/<name>`). Parsed and validated by
 * `src/config/topology.ts`; errors name the file, line and field.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TopologyFile } from '../../config/topology.js';
import { parseTopology } from '../../config/topology.js';
import { getText } from '../../azure/storage/blobDocuments.js';

/** Thrown when the file cannot be read; names it. */
export class TopologySourceError extends Error {
  override readonly name = 'TopologySourceError';
}

function blobOf(url: URL): { container: string; name: string } {
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  // Azurite and other emulators put the account in the path; Azure puts it in the host name.
  const pathStyle = /^(\d+\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(url.hostname);
  const rest = pathStyle ? segments.slice(1) : segments;
  const [container, ...name] = rest;
  if (!container || name.length === 0) throw new TopologySourceError(`TOPOLOGY_FILE '${url.href}' is not a blob URL: expected <account URL>/<container>/<blob name>`);
  return { container, name: name.join('/') };
}

/** The topology, parsed. */
export async function loadTopology(source: string): Promise<TopologyFile> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const { container, name } = blobOf(new URL(source));
    const found = await getText(container, name);
    if (!found) throw new TopologySourceError(`TOPOLOGY_FILE ${source}: no such blob (${container}/${name}) in the app's storage account`);
    text = found.text;
  } else {
    const path = resolve(source);
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new TopologySourceError(`TOPOLOGY_FILE ${path} cannot be read: ${(error as Error).message}`);
    }
  }
  return parseTopology(text, source);
}
