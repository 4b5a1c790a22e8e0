/**
 * The dashboard: static HTML/JS/CSS written by hand, no build step, served from memory. Files
 * live in src/server/dashboard/; the build copies them beside the compiled code, and running
 * from the sources finds them in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  type: string;
  body: Buffer;
}

export function dashboardDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'dashboard'), path.join(here, '..', '..', 'src', 'server', 'dashboard')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'index.html')));
  if (!found) throw new Error(`dashboard assets not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function loadDashboard(dir = dashboardDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const f of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(f)];
    if (type) out.set(f, { type, body: fs.readFileSync(path.join(dir, f)) });
  }
  return out;
}
