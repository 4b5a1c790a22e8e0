export function subtaskSpec(parent, spec) {
    return { ...spec, parentId: parent.id, ...(parent.runId !== null && spec.runId === undefined ? { runId: parent.runId } : {}) };
}
//# sourceMappingURL=subtask-spec.js.map