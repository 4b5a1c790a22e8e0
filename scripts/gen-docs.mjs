// Regenerates the docs made from code: docs/state-machine.md from the transition table in
// src/model/state.ts, docs/configuration.md from the configuration schema in src/config/schema.ts.
import fs from 'node:fs';
import { configurationMarkdown } from '../dist/config/docs.js';
import { stateMachineMarkdown } from '../dist/model/state.js';

fs.writeFileSync(new URL('../docs/state-machine.md', import.meta.url), stateMachineMarkdown());
console.log('wrote docs/state-machine.md');
fs.writeFileSync(new URL('../docs/configuration.md', import.meta.url), configurationMarkdown());
console.log('wrote docs/configuration.md');
