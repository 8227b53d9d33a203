/**
 * DESIGN.md §2 "Dependency direction", checked: reads every `.ts` file under src/, extracts its
 * import specifiers with regexes (no parser dependency, fastify's drift-test style), resolves the
 * relative ones to repo paths and asserts each rule. One test per rule; a failure lists every
 * offending `file: import 'specifier'` pair.
 *
 * Owns: the executable form of the layer rules. Must never: import src/ (it reads src as text, so a
 * broken module cannot hide a violation), or pass vacuously (the self-tests below feed the checker
 * synthetic violations and assert the walker found the real tree).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where an import points. */
type Target =
  /** A module of ours, repo-relative with its `.ts` extension: `src/api/errors.ts`. */
  | { readonly kind: 'src'; readonly path: string }
  /** A Node built-in, always with the `node:` prefix (a bare `fs` is normalised). */
  | { readonly kind: 'node'; readonly name: string }
  /** An npm package by name (`better-sqlite3`, `@noble/hashes`). */
  | { readonly kind: 'package'; readonly name: string }
  /** A relative import that leaves src/ (package.json, scripts/ …). */
  | { readonly kind: 'repo'; readonly path: string };

interface ImportEdge {
  /** The importing file, repo-relative: `src/service/keyring.ts`. */
  readonly file: string;
  /** The specifier exactly as written. */
  readonly specifier: string;
  readonly target: Target;
}

/** Comments allowed between the braces of a multi-line import list. */
const clause = String.raw`(?:[\w$\s{},*]|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*?`;
/**
 * `import … from '…'` and `export … from '…'` at the start of a line. The clause may hold only
 * identifiers, braces, commas, `*` and comments, so a string such as `` `… from '${x}'` `` in code
 * never matches.
 */
const fromImport = new RegExp(String.raw`^[ \t]*(import|export)\b${clause}\bfrom\s*(['"])([^'"\n]+)\2`, 'gm');
/** `import '…'` (side effects only). */
const bareImport = /^[ \t]*(import)\s*(['"])([^'"\n]+)\2/gm;
/** `import('…')` with a literal specifier, in code or in a type position. */
const dynamicImport = /\b(import)\s*\(\s*(['"])([^'"\n]+)\2\s*[,)]/g;

/** Every import specifier in `source`, in source order. */
function extractSpecifiers(source: string): string[] {
  const found: Array<{ at: number; specifier: string }> = [];
  for (const pattern of [fromImport, bareImport, dynamicImport]) {
    for (const m of source.matchAll(pattern)) found.push({ at: m.index, specifier: m[3]! });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.specifier);
}

/** Lines that start an `import` statement: each must be one the extractor recognised. */
function countImportStatements(source: string): { lines: number; matched: number } {
  const lines = source.match(/^import[\s{*'"]/gm)?.length ?? 0;
  const matched = [...source.matchAll(fromImport)].filter((m) => m[1] === 'import' && m[0].startsWith('import')).length
    + [...source.matchAll(bareImport)].filter((m) => m[0].startsWith('import')).length;
  return { lines, matched };
}

const builtins = new Set(builtinModules);

/** Resolves `specifier` as written in repo file `file` (NodeNext: `./x.js` is `./x.ts` on disk). */
function resolveTarget(file: string, specifier: string): Target {
  if (specifier.startsWith('.')) {
    const joined = posix.normalize(posix.join(posix.dirname(file), specifier));
    const path = joined.replace(/\.js$/, '.ts');
    return path.startsWith('src/') ? { kind: 'src', path } : { kind: 'repo', path };
  }
  if (specifier.startsWith('node:')) return { kind: 'node', name: specifier };
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  if (builtins.has(name)) return { kind: 'node', name: `node:${name}` };
  return { kind: 'package', name };
}

/** The import edges of a set of files (repo-relative path → source text). */
function collectImports(files: ReadonlyMap<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [file, source] of files) {
    for (const specifier of extractSpecifiers(source)) edges.push({ file, specifier, target: resolveTarget(file, specifier) });
  }
  return edges;
}

/** Every `.ts` file under src/, read from disk, keyed by repo-relative posix path. */
function readSourceTree(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(posix.join(repoRoot, dir)).sort()) {
      const rel = posix.join(dir, entry);
      if (statSync(posix.join(repoRoot, rel)).isDirectory()) walk(rel);
      else if (rel.endsWith('.ts')) files.set(rel, readFileSync(posix.join(repoRoot, rel), 'utf8'));
    }
  };
  walk('src');
  return files;
}

const under = (path: string, ...dirs: string[]): boolean => dirs.some((d) => path.startsWith(d));
/** `memory` for `src/storage/memory/…`; undefined for src/storage/repository.ts and anything else. */
const storageImpl = (path: string): string | undefined => /^src\/storage\/([^/]+)\//.exec(path)?.[1];
const describe = (t: Target): string => (t.kind === 'node' || t.kind === 'package' ? t.name : t.path);

interface Rule {
  readonly title: string;
  /** Why `edge` breaks the rule, or undefined when it does not (or the rule does not apply). */
  check(edge: ImportEdge): string | undefined;
}

/**
 * Allows, for a file in a layer, only these targets: src/ paths under `srcDirs`, Node built-ins
 * accepted by `node`, packages accepted by `pkg`. A relative import leaving src/ is never allowed.
 */
function only(srcDirs: readonly string[], node: (name: string) => boolean, pkg: (name: string) => boolean) {
  return (t: Target): string | undefined => {
    switch (t.kind) {
      case 'src': return under(t.path, ...srcDirs) ? undefined : `${t.path} is outside ${srcDirs.join(', ')}`;
      case 'node': return node(t.name) ? undefined : `Node built-in ${t.name} is not allowed here`;
      case 'package': return pkg(t.name) ? undefined : `npm package ${t.name} is not allowed here`;
      case 'repo': return `${t.path} is outside src/`;
    }
  };
}
const any = (): boolean => true;
const none = (): boolean => false;

/** A concrete adapter: only the composition root (app.ts and src/app/) may import it (rule 6). */
function isConcreteAdapter(path: string): boolean {
  return storageImpl(path) !== undefined || path === 'src/protocol/server.ts' || path === 'src/protocol/sigv4.ts';
}

/** The composition root: src/app.ts and the files directly in src/app/ (its start-up steps), nothing deeper. */
const isCompositionRoot = (path: string): boolean => path === 'src/app.ts' || /^src\/app\/[^/]+\.ts$/.test(path);

/** DESIGN.md §2's rules, numbered as there (rule 7 is the platform/ line of the diagram). */
const rules: readonly Rule[] = [
  {
    title: 'rule 1: api/ imports nothing of ours outside api/',
    check: (e) => (under(e.file, 'src/api/') ? only(['src/api/'], any, any)(e.target) : undefined),
  },
  {
    title: 'rule 2: domain/ imports only domain/, api/ and platform/ (no node:* modules, no npm packages)',
    check: (e) => (under(e.file, 'src/domain/')
      ? only(['src/domain/', 'src/api/', 'src/platform/'], none, none)(e.target) : undefined),
  },
  {
    title: 'rule 3: crypto/ imports only crypto/, api/, platform/, node:crypto and @noble/* (no storage, no HTTP)',
    check: (e) => (under(e.file, 'src/crypto/')
      ? only(['src/crypto/', 'src/api/', 'src/platform/'], (n) => n === 'node:crypto', (p) => p.startsWith('@noble/'))(e.target)
      : undefined),
  },
  {
    title: 'rule 4: service/ never imports protocol/; protocol/ never imports domain/, crypto/ or storage/',
    check: (e) => {
      if (e.target.kind !== 'src') return undefined;
      if (under(e.file, 'src/service/') && under(e.target.path, 'src/protocol/')) return 'service/ must not know the wire protocol';
      if (under(e.file, 'src/protocol/') && under(e.target.path, 'src/domain/', 'src/crypto/', 'src/storage/')) {
        return 'protocol/ must reach keys only through service/';
      }
      return undefined;
    },
  },
  {
    title: 'rule 5: storage/<impl>/ imports only storage/repository.ts, storage/audit-store.ts, its own folder, domain/ and api/ (never service/); '
      + 'storage/repository.ts and storage/audit-store.ts import only domain/ and api/',
    check: (e) => {
      const impl = storageImpl(e.file);
      // The audit writer thread computes the chain hash inside its own transaction: it alone may
      // use the one crypto/ module that defines the chain (src/storage/sqlite/audit-append-worker.ts).
      if (e.file === 'src/storage/sqlite/audit-append-worker.ts' && e.target.kind === 'src' && e.target.path === 'src/crypto/audit-chain.ts') return undefined;
      if (impl !== undefined) {
        return only(['src/storage/repository.ts', 'src/storage/audit-store.ts', `src/storage/${impl}/`, 'src/domain/', 'src/api/'], any, any)(e.target);
      }
      if (e.file === 'src/storage/repository.ts' || e.file === 'src/storage/audit-store.ts') return only(['src/domain/', 'src/api/'], any, none)(e.target);
      return undefined;
    },
  },
  {
    title: 'rule 6: only the composition root (app.ts, app/*.ts) imports concrete adapters (storage/<impl>/, protocol/server.ts, protocol/sigv4.ts)',
    check: (e) => {
      if (e.target.kind !== 'src' || !isConcreteAdapter(e.target.path) || isCompositionRoot(e.file)) return undefined;
      const impl = storageImpl(e.target.path);
      if (impl !== undefined && storageImpl(e.file) === impl) return undefined; // inside the adapter itself
      return `${e.target.path} is a concrete adapter: receive it from the composition root (app.ts, app/*.ts), typed with Pick<> of what is used`;
    },
  },
  {
    title: 'rule 7: platform/ imports nothing of ours outside platform/',
    check: (e) => (under(e.file, 'src/platform/') ? only(['src/platform/'], any, any)(e.target) : undefined),
  },
];

/** `file: import 'specifier' (reason)` for every edge that breaks `rule`. */
function violations(rule: Rule, edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    const reason = rule.check(edge);
    if (reason !== undefined) out.push(`${edge.file}: import '${edge.specifier}' (${reason})`);
  }
  return out;
}

const sourceTree = readSourceTree();
const edges = collectImports(sourceTree);

for (const rule of rules) {
  test(rule.title, () => {
    assert.deepEqual(violations(rule, edges), [], `DESIGN.md §2 ${rule.title}`);
  });
}

// ---- self-tests: the checker cannot pass vacuously ----

test('the walker finds the source tree: more than 50 files and more than 100 imports', () => {
  assert.ok(sourceTree.size > 50, `only ${sourceTree.size} files under src/`);
  assert.ok(edges.length > 100, `only ${edges.length} imports under src/`);
  assert.ok(sourceTree.has('src/app.ts'));
});

test('every relative import under src/ resolves to an existing file', () => {
  const unresolved = edges
    .filter((e) => e.target.kind === 'src' || e.target.kind === 'repo')
    .filter((e) => !sourceTree.has(describe(e.target)) && !existsSync(posix.join(repoRoot, describe(e.target))))
    .map((e) => `${e.file}: import '${e.specifier}' → ${describe(e.target)}`);
  assert.deepEqual(unresolved, []);
});

test('every line starting an import statement under src/ is recognised by the extractor', () => {
  const missed: string[] = [];
  for (const [file, source] of sourceTree) {
    const { lines, matched } = countImportStatements(source);
    if (lines !== matched) missed.push(`${file}: ${lines} import lines, ${matched} recognised`);
  }
  assert.deepEqual(missed, []);
});

test('the extractor reads every import form and ignores look-alikes in strings', () => {
  const source = [
    "import { a } from './a.js';",
    "import type { B } from '../b.js';",
    'import {',
    '  c, // the c',
    '  /* d */ d,',
    "} from './cd.js';",
    "import * as e from 'node:fs';",
    "import './side-effect.js';",
    "export { f } from './f.js';",
    "export * from '@noble/hashes/sha256';",
    "const g = await import('./g.js');",
    "type H = typeof import('./h.js');",
    "const s = `Date in scope does not match, from '${x}'.`;",
    "const t = 'import x from \"./nope.js\"';",
    ' * import { y } from "./doc-comment.js" is prose',
  ].join('\n');
  assert.deepEqual(extractSpecifiers(source), [
    './a.js', '../b.js', './cd.js', 'node:fs', './side-effect.js', './f.js', '@noble/hashes/sha256', './g.js', './h.js',
  ]);
  assert.deepEqual(resolveTarget('src/service/x.ts', '../api/errors.js'), { kind: 'src', path: 'src/api/errors.ts' });
  assert.deepEqual(resolveTarget('src/version.ts', '../package.json'), { kind: 'repo', path: 'package.json' });
  assert.deepEqual(resolveTarget('src/domain/x.ts', 'fs/promises'), { kind: 'node', name: 'node:fs' });
  assert.deepEqual(resolveTarget('src/crypto/x.ts', '@noble/hashes/sha256'), { kind: 'package', name: '@noble/hashes' });
});

/** One synthetic violation per rule: [rule index, file, source, specifier]. */
const syntheticViolations: ReadonlyArray<readonly [number, string, string, string]> = [
  [0, 'src/api/generated/x.ts', "import { notFound } from '../../domain/messages.js';", '../../domain/messages.js'],
  [1, 'src/domain/key/x.ts', "import { readFileSync } from 'node:fs';", 'node:fs'],
  [1, 'src/domain/policy/x.ts', "import type { RootKey } from '../../crypto/at-rest.js';", '../../crypto/at-rest.js'],
  [2, 'src/crypto/x.ts', "import type { Repository } from '../storage/repository.js';", '../storage/repository.js'],
  [2, 'src/crypto/y.ts', "import { createServer } from 'node:http';", 'node:http'],
  [3, 'src/service/x.ts', "import { routeTarget } from '../protocol/router.js';", '../protocol/router.js'],
  [3, 'src/protocol/x.ts', "import type { KeyRecord } from '../domain/key/key-record.js';", '../domain/key/key-record.js'],
  [4, 'src/storage/memory/x.ts', "import { Keyring } from '../../service/keyring.js';", '../../service/keyring.js'],
  [4, 'src/storage/sqlite/x.ts', "export { rows } from '../memory/copy-records.js';", '../memory/copy-records.js'],
  [5, 'src/service/x.ts', "const m = await import('../storage/sqlite/sqlite-repository.js');", '../storage/sqlite/sqlite-repository.js'],
  [5, 'src/protocol/x.ts', "import { createKmsServer } from './server.js';", './server.js'],
  [5, 'src/app/nested/x.ts', "import { createSigV4Authenticator } from '../../protocol/sigv4.js';", '../../protocol/sigv4.js'],
  [5, 'src/application.ts', "import { openSqliteRepository } from './storage/sqlite/sqlite-repository.js';", './storage/sqlite/sqlite-repository.js'],
  [6, 'src/platform/x.ts', "export { KmsServiceError } from '../api/errors.js';", '../api/errors.js'],
];

test('the checker reports a synthetic violation of every rule, naming the file and the import', () => {
  assert.equal(new Set(syntheticViolations.map(([rule]) => rule)).size, rules.length);
  for (const [index, file, source, specifier] of syntheticViolations) {
    const rule = rules[index]!;
    const found = violations(rule, collectImports(new Map([[file, source]])));
    assert.equal(found.length, 1, `${rule.title} did not report ${file}: ${source}`);
    assert.ok(found[0]!.startsWith(`${file}: import '${specifier}' (`), found[0]);
  }
});

test('the checker accepts the imports the rules allow', () => {
  const allowed = new Map([
    ['src/api/generated/errors.ts', "import { KmsServiceError } from '../errors.js';"],
    ['src/domain/key/x.ts', "import type { Clock } from '../../platform/clock.js';\nimport { NotFoundException } from '../../api/errors.js';"],
    ['src/crypto/x.ts', "import { createCipheriv } from 'node:crypto';\nimport { gcm } from '@noble/ciphers/aes';"],
    ['src/storage/sqlite/x.ts', "import Database from 'better-sqlite3';\nimport type { Repository } from '../repository.js';\nimport { rows } from './rows.js';"],
    ['src/service/x.ts', "import type { Repository } from '../storage/repository.js';\nimport type { RootKey } from '../crypto/at-rest.js';"],
    ['src/protocol/x.ts', "import type { KmsService } from '../service/kms-service.js';"],
    ['src/app.ts', "import { openSqliteRepository } from './storage/sqlite/sqlite-repository.js';\nimport { createKmsServer } from './protocol/server.js';"],
    ['src/app/data-folder.ts', "import { openSqliteRepository } from '../storage/sqlite/sqlite-repository.js';"],
    ['src/app/startup-types.ts', "import type { KmsServer } from '../protocol/server.js';"],
    ['src/cli/program.ts', "import { startTrent } from '../app.js';"],
    ['src/platform/x.ts', "import { randomBytes } from 'node:crypto';\nimport { systemClock } from './clock.js';"],
  ]);
  const synthetic = collectImports(allowed);
  for (const rule of rules) assert.deepEqual(violations(rule, synthetic), [], rule.title);
});
