/**
 * `npm run demo`: walks the London–Madrid lab's six steps against a running `npm start` (which writes where
 * everything is to `.local/start.json`). Exits 0 when every step ended as described, 1 otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repoRoot.js';
import type { StartInfo } from '../start.js';
import { runDemo } from './labDemo.js';

const file = join(repoRoot(), '.local', 'start.json');
if (!existsSync(file)) {
  console.error(`No ${file}: start the app and its emulated Azure first with \`npm start\` (in another terminal), then run \`npm run demo\`.`);
  process.exit(1);
}
const info = JSON.parse(readFileSync(file, 'utf8')) as StartInfo;
try {
  await fetch(new URL('/admin/host/status', info.hostUrl));
} catch {
  console.error(`The app does not answer at ${info.hostUrl}: is \`npm start\` running?`);
  process.exit(1);
}
const result = await runDemo({ ...info, print: (line) => console.log(line) });
process.exit(result.ok ? 0 : 1);
