export function emptyBatchResult() {
    return {
        runInsert: [],
        taskInsert: [],
        taskComplete: [],
        taskFail: [],
        taskSkip: [],
        taskUnclaim: [],
        taskHeartbeat: [],
        taskCancel: [],
        taskRetry: [],
        taskExpireLeases: [],
        taskClaim: [],
    };
}
//# sourceMappingURL=store.js.map