import { type FeedPosition } from '../model/feed.js';
export interface OutboxPosition {
    after: FeedPosition;
    published: string[];
}
export declare function formatOutboxCursor(p: OutboxPosition): string;
export declare function parseOutboxCursor(raw: string, name: string): OutboxPosition;
