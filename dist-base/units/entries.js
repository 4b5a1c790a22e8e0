export function where(e) {
    return `${e.file}:${e.line}:${e.column}`;
}
//# sourceMappingURL=entries.js.map