// The layers' import direction (issue 13): core sits below faces, delivery, server and web; faces
// translate protocols and never reach into the server; src/wire holds wire encodings that both sides
// share and so may depend on nothing else in Herald. Import specifiers are read with TypeScript's own
// pre-processor, which sees static imports, `export … from` and `import('…')` with a literal.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(import.meta.dirname, '../../src');

interface Rule {
  /** Files this rule applies to: a folder under src/. */
  from: string;
  /** Folders under src/ those files may not import; `outside` forbids everything in src/ but `from`. */
  forbidden: string[] | 'outside';
}

const RULES: Rule[] = [
  { from: 'core', forbidden: ['faces', 'delivery', 'server', 'web'] },
  { from: 'faces', forbidden: ['server'] },
  { from: 'wire', forbidden: 'outside' },
];

function isUnder(relPath: string, folder: string): boolean {
  return relPath === folder || relPath.startsWith(`${folder}/`);
}

/** The path under src/ a relative specifier names, or null for a package (or a path outside src/). */
function resolveInSrc(fileRel: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fileRel), specifier));
  return resolved.startsWith('../') ? `../${resolved}` : resolved;
}

/** Breaches of the rules by one file's specifiers, as `file → specifier` lines. */
function breaches(fileRel: string, specifiers: string[]): string[] {
  const out: string[] = [];
  for (const rule of RULES) {
    if (!isUnder(fileRel, rule.from)) continue;
    for (const specifier of specifiers) {
      const target = resolveInSrc(fileRel, specifier);
      if (target === null) continue;
      const bad = rule.forbidden === 'outside' ? !isUnder(target, rule.from) : rule.forbidden.some((folder) => isUnder(target, folder));
      if (bad) out.push(`src/${fileRel} → ${specifier}`);
    }
  }
  return out;
}

function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(SRC, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('import direction', () => {
  const cases: [string, string, string[], number][] = [
    ['core → faces', 'core/callbacks/formats.ts', ['../../faces/common/php-json.js'], 1],
    ['core → delivery, dynamic', 'core/messages/reports.ts', ['../../delivery/email/x.js'], 1],
    ['core → server and web', 'core/a.ts', ['../server/app.js', '../web/page.js'], 2],
    ['core → core, store, wire, packages', 'core/a/b.ts', ['../c.js', '../../store/db.js', '../../wire/php-json.js', 'node:crypto', 'kysely'], 0],
    ['face → server', 'faces/sendexpert/request.ts', ['../../server/form-body.js'], 1],
    ['face → core, wire, another face', 'faces/mobizon/x.ts', ['../../core/a.js', '../../wire/php-form.js', '../common/php-json.js'], 0],
    ['wire → wire, packages', 'wire/php-form.ts', ['./php-json.js', 'qs', 'node:crypto'], 0],
    ['wire → core, store', 'wire/mobizon-time.ts', ['../core/wall-clock.js', '../store/db.js'], 2],
    ['wire → outside src', 'wire/x.ts', ['../../package.json'], 1],
    ['server → anything', 'server/app.ts', ['../faces/native/plugin.js', '../core/a.js'], 0],
    ['a folder named like a layer', 'core/a.ts', ['../faces-extra/x.js'], 0],
  ];
  for (const [name, file, specifiers, count] of cases) {
    test(`rule: ${name}`, () => assert.equal(breaches(file, specifiers).length, count, breaches(file, specifiers).join('\n')));
  }

  test('the reader sees static, re-export, type-only and dynamic imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      'import {\n  e,\n  f,\n} from "./ef.js";',
      "const g = await import('./g.js');",
      "import './side-effect.js';",
      "// import { h } from './comment.js';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(text).sort(), ['./a.js', './b.js', './c.js', './d.js', './ef.js', './g.js', './side-effect.js']);
  });

  test('no file in src/ breaks the direction', () => {
    const found = tsFiles(SRC).flatMap((file) => breaches(file, importSpecifiers(readFileSync(path.join(SRC, file), 'utf8'))));
    assert.deepEqual(found, []);
  });
});
