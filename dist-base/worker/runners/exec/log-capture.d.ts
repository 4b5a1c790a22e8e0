import type { TaskId } from '../../../model/task.js';
import type { LogSink } from './log-sink.js';
export declare class LogCapture {
    private readonly sink;
    private readonly taskId;
    private readonly attempt;
    private readonly capBytes;
    private readonly now;
    private partial;
    private written;
    private tail;
    private tailBytes;
    private dropped;
    private used;
    constructor(sink: LogSink, taskId: TaskId, attempt: number, capBytes: number, now?: () => number);
    write(stream: 'stdout' | 'stderr', chunk: string): void;
    /** A line of our own (check started, set-up output, control-channel warnings…). */
    system(text: string): void;
    private line;
    /** Writes what is left (partial lines, the truncation marker and the kept tail). */
    close(): Promise<void>;
}
