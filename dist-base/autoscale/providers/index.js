import { CommandProvider } from './command.js';
import { KedaProvider } from './keda.js';
import { LocalProvider } from './local.js';
export function createProvider(ctx) {
    const cfg = ctx.group.provider;
    switch (cfg.type) {
        case 'local':
            return new LocalProvider(cfg, ctx);
        case 'command':
            return new CommandProvider(cfg, ctx);
        case 'keda':
            return new KedaProvider();
    }
}
export { CommandProvider, KedaProvider, LocalProvider };
//# sourceMappingURL=index.js.map