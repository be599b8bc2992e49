#!/usr/bin/env node
// Lint Cypher statements with Neo4j's own front end (@neo4j-cypher/language-support),
// offline, many statements in one Node process.
//
// stdin: either a JSON array of {"name": str, "query": str}
//        or an object {"schema": {...}, "options": {...}, "statements": [...]}.
//   schema  (all optional): labels, relationshipTypes, propertyKeys, parameters,
//           functions, procedures, defaultLanguage ("CYPHER 5" | "CYPHER 25") --
//           the library's DbSchema. Label/relationship-type warnings are only
//           produced when BOTH labels and relationshipTypes are given.
//   options (all optional):
//     declareParameters (default true): every $param a statement uses counts as
//       declared (the library otherwise reports each one as an error, because in
//       an editor parameters come from the session; ours come from the driver).
//     builtinFunctions (default true): when schema.functions is not given, check
//       function names and arity against the built-in functions listed in the
//       package's bundled Neo4j function catalogue. Set false to skip.
//     workers (default 1; env LINT_CYPHER_WORKERS): lint in up to this many
//       worker threads, each taking 100+ statements. Measured on a busy 2-core
//       machine it did not pay (each thread loads and JIT-warms the 24 MB
//       bundle), so it is off unless asked for.
// stdout: JSON array [{"name", "diagnostics": [{"severity", "message", "line", "column"}]}]
//   severity: "error" (LSP 1) | "warning" (2) | "info" (3) | "hint" (4);
//   line and column are 1-based.
// exit: 0 when linting ran (whatever it found); 2 on bad input or a broken install.
//
// `node tools/lint_cypher.mjs --version` prints the linter package's version.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const PKG = '@neo4j-cypher/language-support';
const require = createRequire(import.meta.url);
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
// Semantic analysis costs ~25-60 ms a statement and loading the library ~1 s,
// so a batch is split over worker threads (when asked) only if each gets a fair share.
const MIN_PER_WORKER = 100;
const MAX_WORKERS = 4;

function fail(message) {
  process.stderr.write(`lint_cypher: ${message}\n`);
  process.exit(2);
}

function loadLibrary() {
  // The package's ESM build uses extension-less relative imports that Node's
  // ESM loader cannot resolve; its CommonJS bundle loads fine.
  const lib = require(PKG);
  if (typeof lib.lintCypherQuery !== 'function') throw new Error(`${PKG} does not export lintCypherQuery`);
  return lib;
}

function packageVersion() {
  let dir = dirname(require.resolve(PKG));
  for (;;) {
    try {
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (meta.name === PKG) return meta.version;
    } catch {
      /* keep climbing */
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

function builtinFunctionRegistry(lib) {
  const catalogue = lib.testData?.mockSchema?.functions;
  if (!catalogue) return undefined;
  const scoped = {};
  for (const [version, registry] of Object.entries(catalogue)) {
    scoped[version] = {};
    for (const [name, fn] of Object.entries(registry)) {
      if (fn?.isBuiltIn) scoped[version][name] = fn;
    }
  }
  return scoped;
}

function diagnostic(severity, message, line = 1, column = 1) {
  return { severity, message, line, column };
}

// Lint a batch in this thread. Returns [{name, diagnostics}].
function lintBatch(statements, schema, options) {
  const lib = loadLibrary();
  const { lintCypherQuery, parseParameters } = lib;
  const declareParameters = options.declareParameters ?? true;
  const baseSchema = { ...schema };
  if (baseSchema.functions === undefined && (options.builtinFunctions ?? true)) {
    const builtins = builtinFunctionRegistry(lib);
    if (builtins) baseSchema.functions = builtins;
    else process.stderr.write('lint_cypher: no built-in function catalogue in this package version; function names are not checked\n');
  }

  function lintOne(query) {
    if (query.trim().length === 0) return [diagnostic('error', 'empty statement')];
    let dbSchema = baseSchema;
    if (declareParameters) {
      const declared = { ...(baseSchema.parameters ?? {}) };
      for (const p of parseParameters(query)) {
        if (declared[p] === undefined) declared[p] = null;
      }
      dbSchema = { ...baseSchema, parameters: declared };
    }
    const seen = new Set();
    const out = [];
    for (const d of lintCypherQuery(query, dbSchema)) {
      const item = diagnostic(
        SEVERITY[d.severity] ?? 'error',
        d.message,
        (d.range?.start?.line ?? 0) + 1,
        (d.range?.start?.character ?? 0) + 1,
      );
      const key = JSON.stringify(item);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(item);
      }
    }
    return out;
  }

  return statements.map(({ name, query }) => {
    let diagnostics;
    try {
      diagnostics = lintOne(query);
    } catch (e) {
      diagnostics = [diagnostic('error', `linter crashed on this statement: ${e?.message ?? e}`)];
    }
    return { name, diagnostics };
  });
}

function lintInWorker(statements, schema, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { statements, schema, options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`lint worker exited with code ${code}`));
    });
  });
}

async function lintAll(statements, schema, options) {
  const requested = Math.floor(Number(options.workers ?? process.env.LINT_CYPHER_WORKERS ?? 1)) || 1;
  const cap = Math.max(1, Math.min(requested, availableParallelism(), MAX_WORKERS));
  const workers = Math.max(1, Math.min(cap, Math.floor(statements.length / MIN_PER_WORKER)));
  if (workers === 1) return lintBatch(statements, schema, options);
  const size = Math.ceil(statements.length / workers);
  const chunks = [];
  for (let i = 0; i < statements.length; i += size) chunks.push(statements.slice(i, i + size));
  const parts = await Promise.all(chunks.map((chunk) => lintInWorker(chunk, schema, options)));
  return parts.flat();
}

function readInput() {
  let raw;
  try {
    raw = readFileSync(0, 'utf8');
  } catch (e) {
    fail(`cannot read stdin: ${e.message}`);
  }
  let input;
  try {
    input = JSON.parse(raw);
  } catch (e) {
    fail(`stdin is not JSON: ${e.message}`);
  }
  let statements;
  let schema = {};
  let options = {};
  if (Array.isArray(input)) {
    statements = input;
  } else if (input && typeof input === 'object' && Array.isArray(input.statements)) {
    statements = input.statements;
    schema = input.schema ?? {};
    options = input.options ?? {};
    if (typeof schema !== 'object' || Array.isArray(schema)) fail('"schema" must be an object');
    if (typeof options !== 'object' || Array.isArray(options)) fail('"options" must be an object');
  } else {
    fail('expected a JSON array of {name, query} or {"schema": {...}, "statements": [...]}');
  }
  statements.forEach((s, i) => {
    if (!s || typeof s.name !== 'string' || typeof s.query !== 'string') {
      fail(`statement #${i} must be an object with string "name" and "query"`);
    }
  });
  return { statements, schema, options };
}

if (!isMainThread) {
  const { statements, schema, options } = workerData;
  parentPort.postMessage(lintBatch(statements, schema, options));
} else {
  try {
    require.resolve(PKG);
  } catch (e) {
    fail(`cannot load ${PKG} (${e.code ?? e.message}); run \`npm ci\` in the repository root (make test does it)`);
  }
  if (process.argv.includes('--version')) {
    process.stdout.write(`${PKG}@${packageVersion()}\n`);
    process.exit(0);
  }
  const { statements, schema, options } = readInput();
  let results;
  try {
    results = await lintAll(statements, schema, options);
  } catch (e) {
    fail(`linting failed: ${e?.stack ?? e}`);
  }
  process.stdout.write(JSON.stringify(results));
  process.stdout.write('\n');
}
