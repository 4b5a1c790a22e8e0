import type { Bus, OpenBusOptions } from './bus.js';
export declare function openBus(url: string, options?: OpenBusOptions): Promise<Bus>;
