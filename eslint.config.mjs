// ESLint (flat config) for the site's JavaScript, the build's (the service worker, the Pyodide bytecode
// driver), the JS unit tests and the Pyodide test runner:
// `make lint-js`. The recommended rules, plus the few that keep modules honest.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["site/**", "build/**", "node_modules/**", ".venv/**", "docs/assets/pyodide/**", "docs/assets/checker/**"] },
  js.configs.recommended,
  {
    rules: {
      eqeqeq: ["error", "smart"],
      "no-var": "error",
      "prefer-const": "error",
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-implicit-globals": "error",
    },
  },
  { files: ["docs/assets/javascripts/**/*.mjs"], languageOptions: { globals: globals.browser } },
  { files: ["docs/assets/javascripts/checker-worker.mjs"], languageOptions: { globals: globals.worker } },
  { files: ["tests/**/*.mjs", "build_scripts/**/*.mjs", "eslint.config.mjs"], languageOptions: { globals: globals.node } },
  // A classic service worker script: its global scope is its own, so top-level functions are fine.
  {
    files: ["build_scripts/**/sw.template.js"],
    languageOptions: { sourceType: "script", globals: globals.serviceworker },
    rules: { "no-implicit-globals": "off" },
  },
];
