export class KedaProvider {
    type = 'keda';
    async list() {
        return null;
    }
    async scale() {
        return null;
    }
    async release() { }
    async close() { }
}
//# sourceMappingURL=keda.js.map