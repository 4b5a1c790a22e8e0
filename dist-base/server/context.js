export const SECURITY = [{ bearer: [] }];
//# sourceMappingURL=context.js.map