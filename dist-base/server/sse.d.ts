/**
 * Server-sent events on a hijacked reply. Browsers' EventSource cannot send an Authorization
 * header, so the dashboard reads these streams with fetch(); any SSE client that can set headers
 * works too. A comment line every 15 s keeps proxies from closing an idle stream.
 */
import type { FastifyReply } from 'fastify';
export interface SseStream {
    send(event: string, data: unknown, id?: string): void;
    readonly closed: boolean;
    /** Resolves when the client goes away or end() is called. */
    readonly done: Promise<void>;
    end(): void;
}
export declare function openSse(reply: FastifyReply, shutdown?: AbortSignal): SseStream;
/** Waits `ms` or until the stream closes, whichever is first. */
export declare function pause(stream: SseStream, ms: number): Promise<void>;
