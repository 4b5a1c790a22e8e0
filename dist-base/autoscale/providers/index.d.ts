/** The provider named by a group's configuration. */
import type { Provider, ProviderContext } from '../provider.js';
import { CommandProvider } from './command.js';
import { KedaProvider } from './keda.js';
import { LocalProvider } from './local.js';
export declare function createProvider(ctx: ProviderContext): Provider;
export { CommandProvider, KedaProvider, LocalProvider };
