/**
 * ESLint for the TypeScript in src/ and test/ and the plain modules of bench/, scripts/ and
 * examples/: eslint's and typescript-eslint's recommended rules, syntax only (not type-aware:
 * the type checker already runs as `npm run typecheck`, and a type-aware lint would take several
 * times as long on a 2-core machine). `npm run lint` runs it after the layering check
 * (scripts/lint-deps.mjs). Every rule turned off or narrowed below says why.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * no-unused-expressions, less one house idiom: a comma sequence whose every part does something
 * (`if (x) (where.push('a = ?'), args.push(x));`), which is a pair of statements written on one
 * line, not a value thrown away. Everything else the rule catches (`a === b;`, a forgotten call
 * `obj.method;`, a sequence with a bare value in it) is still reported.
 */
const baseUnusedExpressions = tseslint.plugin.rules['no-unused-expressions'];
const ACTS = new Set(['CallExpression', 'AssignmentExpression', 'UpdateExpression', 'AwaitExpression', 'NewExpression']);
const isStatementSequence = (e) => e?.type === 'SequenceExpression' && e.expressions.every((x) => ACTS.has(x.type));
const unusedExpressions = {
  meta: baseUnusedExpressions.meta,
  defaultOptions: baseUnusedExpressions.defaultOptions,
  create(context) {
    const report = (descriptor) => {
      const node = descriptor.node;
      if (isStatementSequence(node?.type === 'ExpressionStatement' ? node.expression : node)) return;
      context.report(descriptor);
    };
    return baseUnusedExpressions.create(Object.create(context, { report: { value: report } }));
  },
};

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'bench/compare/node_modules/**', 'bench/tmp/**', 'tmp/**', 'test-artifacts/**', 'docs/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { taskframe: { rules: { 'no-unused-expressions': unusedExpressions } } },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // `_name` says "deliberately unused" (a handler's unused ctx, a destructured field left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Narrowed, see unusedExpressions above.
      '@typescript-eslint/no-unused-expressions': 'off',
      'taskframe/no-unused-expressions': 'error',
      // A getter in an object literal (the handler's ctx.log) cannot see the method's `this`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['worker'] }],
    },
  },
  {
    files: ['test/**', 'src/**/*.test.ts'],
    rules: {
      // Response bodies and CLI output are untyped JSON that assertions walk freely.
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests feed numbers the way a user would type them, 99999999999999999999 included.
      'no-loss-of-precision': 'off',
      // Tests match printed output literally; two aligned spaces read better as two spaces.
      'no-regex-spaces': 'off',
    },
  },
  {
    // The dashboard is plain browser JavaScript served as it is (no bundler).
    files: ['src/server/dashboard/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
