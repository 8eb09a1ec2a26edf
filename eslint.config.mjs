// ESLint 9 flat configuration: typescript-eslint recommended rules (no type-aware rules,
// to keep `npm run lint` fast) plus the layering rules from docs/architecture.md:
// extension -> debug-adapter -> emulator, cli -> emulator; `vscode` only in extension/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NO_VSCODE = 'Only extension/ may import the VS Code API (see docs/architecture.md).';
const LAYERS = 'Dependency direction is extension -> debug-adapter -> emulator, cli -> emulator and language-server -> emulator.';

/**
 * One no-restricted-imports configuration for the files of `dir` at a given depth.
 * Relative imports that climb exactly back to the repository root and then enter a
 * forbidden top-level directory are rejected (so emulator/isa/extension.ts stays legal).
 */
function layerConfig(dir, depth, { forbidDirs, forbidVscodeScope }) {
  const up = '(?:\\./)?' + '\\.\\./'.repeat(depth);
  const patterns = [];
  if (forbidDirs.length > 0) {
    patterns.push({
      regex: `^${up}(?:${forbidDirs.join('|')})(?:/|$)`,
      message: LAYERS,
    });
  }
  if (forbidVscodeScope) patterns.push({ group: ['@vscode/*'], message: NO_VSCODE });
  const filesGlob = `${dir}/${'*/'.repeat(depth - 1)}*.{ts,mts,cts,js,mjs}`;
  return {
    files: [filesGlob],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: NO_VSCODE }], patterns }],
    },
  };
}

const layerRules = [];
for (let depth = 1; depth <= 8; depth++) {
  layerRules.push(
    layerConfig('emulator', depth, { forbidDirs: ['debug-adapter', 'extension', 'cli'], forbidVscodeScope: true }),
    layerConfig('cli', depth, { forbidDirs: ['debug-adapter', 'extension'], forbidVscodeScope: true }),
    layerConfig('debug-adapter', depth, { forbidDirs: ['extension', 'cli', 'language-server'], forbidVscodeScope: false }),
    layerConfig('language-server', depth, { forbidDirs: ['debug-adapter', 'extension', 'cli'], forbidVscodeScope: true }),
  );
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'guests/', 'tmp/', '.tmp/', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      // Style and taste: reported, never fatal.
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['warn', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_',
      }],
      '@typescript-eslint/no-unsafe-function-type': 'warn', // codegen passes compiled Functions around
      '@typescript-eslint/no-require-imports': 'warn',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-this-alias': 'warn', // `let node = this` tree walks are fine
      '@typescript-eslint/no-namespace': 'warn',
      '@typescript-eslint/no-empty-object-type': 'warn',
      '@typescript-eslint/ban-ts-comment': 'warn',
      'no-useless-escape': 'warn',
      'no-control-regex': 'warn',
      'no-prototype-builtins': 'warn',
      'prefer-const': 'warn',
      'no-empty': ['warn', { allowEmptyCatch: true }],
    },
  },
  ...layerRules,
);
