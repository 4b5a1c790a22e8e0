import { ValidationError } from '../model/errors.js';
import { checkValue, Problem } from './check.js';
import { readConfigFile } from './file-source.js';
import { keyOf } from './problem.js';
function refusal(cf, problem) {
    const at = cf.locate(problem.at, problem.atKey);
    const key = keyOf(problem.at) || '(top level)';
    return new ValidationError(`${cf.file}:${at.line}:${at.column}: ${key}`, problem.message, { file: cf.file, line: at.line, column: at.column, key });
}
/** Reads `file` (`named` says what it is, for a file that cannot be read) and checks it against `schema`. */
export function readDocument(file, schema, named) {
    const cf = readConfigFile(file, named);
    try {
        return { value: checkValue(schema, cf.data), refuse: (p) => refusal(cf, p) };
    }
    catch (err) {
        if (err instanceof Problem)
            throw refusal(cf, err);
        throw err;
    }
}
//# sourceMappingURL=document.js.map