/** A line longer than this is cut into pieces (a process printing no newline still gets logged). */
const MAX_LINE = 16 * 1024;
export class LogCapture {
    sink;
    taskId;
    attempt;
    capBytes;
    now;
    partial = { stdout: '', stderr: '' };
    written = 0;
    tail = [];
    tailBytes = 0;
    dropped = 0;
    used = false;
    constructor(sink, taskId, attempt, capBytes, now = Date.now) {
        this.sink = sink;
        this.taskId = taskId;
        this.attempt = attempt;
        this.capBytes = capBytes;
        this.now = now;
    }
    write(stream, chunk) {
        const text = this.partial[stream] + chunk;
        const lines = text.split('\n');
        this.partial[stream] = lines.pop();
        for (const l of lines)
            this.line(stream, l);
        while (this.partial[stream].length > MAX_LINE) {
            this.line(stream, this.partial[stream].slice(0, MAX_LINE));
            this.partial[stream] = this.partial[stream].slice(MAX_LINE);
        }
    }
    /** A line of our own (check started, set-up output, control-channel warnings…). */
    system(text) {
        this.line('system', text);
    }
    line(stream, text) {
        const e = { taskId: this.taskId, attempt: this.attempt, at: this.now(), stream, text };
        const size = Buffer.byteLength(text) + 1;
        this.used = true;
        if (this.written + size <= this.capBytes / 2 && this.tail.length === 0) {
            this.written += size;
            void this.sink.append([e]);
            return;
        }
        this.tail.push(e);
        this.tailBytes += size;
        while (this.tailBytes > this.capBytes / 2 && this.tail.length > 1) {
            const d = this.tail.shift();
            const ds = Buffer.byteLength(d.text) + 1;
            this.tailBytes -= ds;
            this.dropped += ds;
        }
    }
    /** Writes what is left (partial lines, the truncation marker and the kept tail). */
    close() {
        for (const s of ['stdout', 'stderr']) {
            if (this.partial[s] !== '')
                this.line(s, this.partial[s]);
            this.partial[s] = '';
        }
        // A task that logged nothing (the usual runner task) costs nothing here.
        if (!this.used)
            return Promise.resolve();
        const rest = [];
        if (this.tail.length > 0) {
            if (this.dropped > 0) {
                rest.push({
                    taskId: this.taskId,
                    attempt: this.attempt,
                    at: this.tail[0].at,
                    stream: 'system',
                    text: `[taskframe: output truncated: ${this.dropped} bytes dropped; the log cap is ${this.capBytes} bytes, the tail follows]`,
                });
            }
            rest.push(...this.tail);
            this.tail = [];
        }
        return this.sink.append(rest, true);
    }
}
//# sourceMappingURL=log-capture.js.map