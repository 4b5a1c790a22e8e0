// Regenerates docs/state-machine.md from the transition table in src/model/state.ts.
import fs from 'node:fs';
import { stateMachineMarkdown } from '../dist/model/state.js';

fs.writeFileSync(new URL('../docs/state-machine.md', import.meta.url), stateMachineMarkdown());
console.log('wrote docs/state-machine.md');
