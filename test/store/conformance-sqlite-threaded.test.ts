/** The one conformance suite (conformance.ts) against SQLite with every write on its writer thread. */
import { storeConformance } from './conformance.js';

storeConformance('sqlite-threaded');
