/**
 * The dashboard: static HTML/JS/CSS written by hand, no build step, served from memory. Files
 * live in src/server/dashboard/; the build copies them beside the compiled code, and running
 * from the sources finds them in place. Two libraries are vendored as pinned npm dependencies and
 * served from node_modules under `vendor/` (never from a CDN): dagre lays out run graphs, uPlot
 * draws the throughput charts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
};
/** vendor/NAME -> [package, file inside it]: ES module builds, self-contained. */
const VENDOR = {
    'dagre.js': ['@dagrejs/dagre', 'dist/dagre.esm.js'],
    'uplot.js': ['uplot', 'dist/uPlot.esm.js'],
    'uplot.css': ['uplot', 'dist/uPlot.min.css'],
};
export function dashboardDir() {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const candidates = [path.join(here, 'dashboard'), path.join(here, '..', '..', 'src', 'server', 'dashboard')];
    const found = candidates.find((d) => fs.existsSync(path.join(d, 'index.html')));
    if (!found)
        throw new Error(`dashboard assets not found (looked in ${candidates.join(', ')})`);
    return found;
}
export function loadDashboard(dir = dashboardDir()) {
    const out = new Map();
    for (const f of fs.readdirSync(dir)) {
        const type = TYPES[path.extname(f)];
        if (type)
            out.set(f, { type, body: fs.readFileSync(path.join(dir, f)) });
    }
    const require = createRequire(import.meta.url);
    for (const [name, [pkg, file]] of Object.entries(VENDOR)) {
        const root = path.dirname(require.resolve(`${pkg}/package.json`));
        // A build tool's trailing source-map comment would send browsers looking for a file we do not serve.
        const body = fs.readFileSync(path.join(root, file), 'utf8').replace(/\n\/[/*]# sourceMappingURL=\S+(\s*\*\/)?\s*$/, '\n');
        out.set(`vendor/${name}`, { type: TYPES[path.extname(name)], body: Buffer.from(body) });
    }
    return out;
}
//# sourceMappingURL=dashboard-assets.js.map