import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '@/lib/crm/connectors';
import { ADAPTERS } from '@/lib/crm/index';
import { CRM_IDS } from '@/lib/model/deal';

// The shape of the code, checked on every test run:
// 1. lib/ runs without a browser: no browser global (chrome, browser, window, document,
//    indexedDB, localStorage) is used as a value; a parameter or local of that name is fine.
// 2. Imports run one way: entrypoints → components → lib/background → lib/db → domain → lib/model.
//    The domain (every lib/ folder but db and background) never reaches up into storage, the
//    background or the UI, and the model imports nothing but the model. The command-line tools
//    (scripts/, bench/) may use everything; nothing uses them.
// 3. No module imports itself through a circle (type-only imports count: a circle of types is
//    the same tangle).
// 4. The content script, which runs on every CRM page, carries no zod, Dexie or Preact.
// 5. One folder per CRM (lib/crm/<crm>/): outside those folders and the registries
//    (lib/crm/connectors.ts, lib/crm/index.ts) no code switches on a CRM id or compares a value with
//    one; it asks the CRM's connector. Every CRM folder has every piece (files and connector
//    members) and imports nothing from another CRM's folder.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// test/support: the vendor-shaped CRM servers, which the benchmark serves too.
const SOURCE_DIRS = ['lib', 'components', 'entrypoints', 'scripts', 'bench', 'test/support'];
const BROWSER_GLOBALS = new Set(['chrome', 'browser', 'window', 'document', 'indexedDB', 'localStorage']);
/** Names through which a global can be reached as a property (`globalThis.chrome`). */
const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window']);

const posix = (path: string) => path.split(sep).join('/');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(posix(path));
  }
  return out;
}

const FILES = SOURCE_DIRS.flatMap(sourceFiles).sort();
const FILE_SET = new Set(FILES);
const parsed = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    parsed.set(file, source);
  }
  return source;
}

// ---- imports ---------------------------------------------------------------------------------

const ALIASES = ['@/', '~/', '@@/', '~~/'];

/** The project file an import names (relative or through the root aliases), or null for a package. */
function resolveImport(from: string, raw: string): string | null {
  const specifier = raw.replace(/\?.*$/, ''); // a bundler query (`./x.worker.ts?worker`) names the same file
  const alias = ALIASES.find((a) => specifier.startsWith(a));
  let base: string;
  if (alias) base = specifier.slice(alias.length);
  else if (specifier.startsWith('.')) base = posix(relative(ROOT, resolve(ROOT, dirname(from), specifier)));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) if (FILE_SET.has(candidate)) return candidate;
  // A style sheet or other asset beside the code: not a module of the graph.
  if (/\.(css|json|svg|png|html|mjs)$/.test(base) && existsSync(join(ROOT, base))) return null;
  return `unresolved:${base}`;
}

interface Import {
  target: string;
  line: number;
}

/** Every import and re-export (type-only ones included) and dynamic `import()` of a file. */
function importsOf(file: string): Import[] {
  const source = sourceOf(file);
  const out: Import[] = [];
  const add = (specifier: ts.Expression | undefined, node: ts.Node) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const target = resolveImport(file, specifier.text);
    if (target) out.push({ target, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier, node);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], node);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal as ts.Expression, node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

// ---- layers ----------------------------------------------------------------------------------

type Layer = 'tools' | 'entrypoints' | 'components' | 'background' | 'db' | 'domain' | 'model';

function layerOf(file: string): Layer {
  if (file.startsWith('scripts/') || file.startsWith('bench/') || file.startsWith('test/support/')) return 'tools';
  if (file.startsWith('entrypoints/')) return 'entrypoints';
  if (file.startsWith('components/')) return 'components';
  if (file.startsWith('lib/background/')) return 'background';
  if (file.startsWith('lib/db/')) return 'db';
  if (file.startsWith('lib/model/')) return 'model';
  return 'domain';
}

/** What each layer may import (besides packages). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  tools: ['tools', 'entrypoints', 'components', 'background', 'db', 'domain', 'model'],
  entrypoints: ['entrypoints', 'components', 'background', 'db', 'domain', 'model'],
  components: ['components', 'background', 'db', 'domain', 'model'],
  background: ['background', 'db', 'domain', 'model'],
  db: ['db', 'domain', 'model'],
  domain: ['domain', 'model'],
  model: ['model'],
};

/**
 * Known exceptions, each with why. Keep this list short: an entry is a debt, not a licence.
 * Format: `from → to`.
 */
const ALLOWED_EXCEPTIONS = new Map<string, string>([]);

function wrongWayImports(graph: ReadonlyMap<string, Import[]> = GRAPH): string[] {
  const problems: string[] = [];
  for (const [file, imports] of graph) {
    const layer = layerOf(file);
    for (const { target, line } of imports) {
      if (target.startsWith('unresolved:')) {
        problems.push(`${file}:${line} imports ${target.slice(11)}, which is no file of the project`);
        continue;
      }
      const targetLayer = layerOf(target);
      if (MAY_IMPORT[layer].includes(targetLayer) || ALLOWED_EXCEPTIONS.has(`${file} → ${target}`)) continue;
      problems.push(`${file}:${line} (${layer}) imports ${target} (${targetLayer})`);
    }
  }
  return problems;
}

// ---- cycles ----------------------------------------------------------------------------------

/** The strongly connected components of more than one file, or of one file importing itself (Tarjan). */
function importCircles(graph: ReadonlyMap<string, Import[]> = GRAPH): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const strongConnect = (file: string) => {
    indices.set(file, index);
    low.set(file, index);
    index++;
    stack.push(file);
    onStack.add(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!indices.has(target)) {
        strongConnect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, indices.get(target)!));
      }
    }
    if (low.get(file) === indices.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfImport = graph.get(file)!.some((i) => i.target === file);
      if (component.length > 1 || selfImport) circles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!indices.has(file)) strongConnect(file);
  return circles;
}

// ---- browser globals ---------------------------------------------------------------------------

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
}

/** The names a scope node declares itself (parameters, locals, functions, classes, imports). */
function declaredIn(scope: ts.Node): Set<string> {
  const names = new Set<string>();
  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) bindingNames(parameter.name, names);
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) names.add(scope.name.text);
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) bindingNames(scope.variableDeclaration.name, names);
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const declaration of scope.initializer.declarations) bindingNames(declaration.name, names);
  }
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    for (const statement of scope.statements) {
      if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bindingNames(declaration.name, names);
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
      else if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name) names.add(clause.name.text);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
        else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
      }
    }
  }
  return names;
}

function isLocal(node: ts.Identifier): boolean {
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) if (declaredIn(scope).has(node.text)) return true;
  return false;
}

/** Is this identifier a name being declared or a property name, rather than a reference? */
function isNotAReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return !(ts.isIdentifier(parent.expression) && GLOBAL_OBJECTS.has(parent.expression.text));
  if (ts.isQualifiedName(parent) && parent.right === node) return true;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent) ||
      ts.isEnumMember(parent) ||
      ts.isParameter(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isBindingElement(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isExportSpecifier(parent) ||
      ts.isLabeledStatement(parent) ||
      ts.isJsxAttribute(parent)) &&
    (parent as { name?: ts.Node }).name === node
  )
    return true;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return true;
  return false;
}

/** Inside a type (`typeof chrome.storage.local`): types vanish at build, the code still runs in Node. */
function inType(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return true;
  return false;
}

function browserGlobalUses(file: string): string[] {
  const source = sourceOf(file);
  const uses: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && BROWSER_GLOBALS.has(node.text) && !isNotAReference(node) && !inType(node) && !isLocal(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      uses.push(`${file}:${line + 1} uses the browser global \`${node.text}\``);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

// ---- the content script -------------------------------------------------------------------------

/** The files esbuild puts in a bundle of `entry` (what the built content script is made of). */
async function bundledModules(entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<string[]> {
  const result = await build({ ...entry, absWorkingDir: ROOT, bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', tsconfig: 'tsconfig.json', logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

const isHeavy = (path: string) => /node_modules\/(zod|dexie|preact)\//.test(path);

// ---- one folder per CRM ----------------------------------------------------------------------------

const CRM_ID_SET: ReadonlySet<string> = new Set(CRM_IDS);
/** Where CRM ids may be told apart: each CRM's own folder and the lists of them. */
const CRM_REGISTRIES = new Set(['lib/crm/connectors.ts', 'lib/crm/index.ts']);
const mayTellCrmsApart = (file: string) => CRM_REGISTRIES.has(file) || CRM_IDS.some((crm) => file.startsWith(`lib/crm/${crm}/`)) || file.startsWith('test/');

const isCrmLiteral = (node: ts.Node) => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && CRM_ID_SET.has(node.text);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** `switch` statements with a CRM id as a case, and comparisons with a CRM id literal. */
function crmBranches(file: string): string[] {
  const source = sourceOf(file);
  const found: string[] = [];
  const at = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isSwitchStatement(node) && node.caseBlock.clauses.some((clause) => ts.isCaseClause(clause) && isCrmLiteral(clause.expression))) {
      found.push(`${at(node)} switches on a CRM id`);
    } else if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind) && (isCrmLiteral(node.left) || isCrmLiteral(node.right))) {
      found.push(`${at(node)} compares with a CRM id (${node.getText(source)})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The members an interface names, nested object types as `outer.inner`. */
function interfaceMembers(file: string, name: string): string[] {
  const source = sourceOf(file);
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!declaration) return [];
  const members = (list: ts.NodeArray<ts.TypeElement>, prefix: string): string[] =>
    list.flatMap((member) => {
      if (!member.name || !ts.isIdentifier(member.name)) return [];
      const path = `${prefix}${member.name.text}`;
      const type = ts.isPropertySignature(member) ? member.type : undefined;
      return type && ts.isTypeLiteralNode(type) ? [path, ...members(type.members, `${path}.`)] : [path];
    });
  return members(declaration.members, '');
}

/** The pieces every CRM folder has, one concern each. */
const CRM_FOLDER_FILES = ['hosts.ts', 'index.ts', 'page.ts', 'credentials.ts', 'connection.ts', 'api.ts', 'writer.ts', 'team-sync.ts', 'sync-target.ts', 'assignment.ts', 'export-format.ts', 'connector.ts'];

function missingPieces(): string[] {
  const names = interfaceMembers('lib/crm/connector.ts', 'CrmConnector');
  const problems: string[] = [];
  for (const crm of CRM_IDS) {
    for (const piece of CRM_FOLDER_FILES) if (!FILE_SET.has(`lib/crm/${crm}/${piece}`)) problems.push(`lib/crm/${crm}/${piece} is missing`);
    const connector = CONNECTORS[crm] as unknown as Record<string, unknown>;
    for (const name of names) {
      const value = name.split('.').reduce<unknown>((object, key) => (object && typeof object === 'object' ? (object as Record<string, unknown>)[key] : undefined), connector);
      if (value === undefined) problems.push(`the ${crm} connector has no ${name}`);
    }
    if (CONNECTORS[crm].crm !== crm) problems.push(`the ${crm} connector says it is ${CONNECTORS[crm].crm}`);
    if (!ADAPTERS.includes(CONNECTORS[crm].page)) problems.push(`the ${crm} connector's page adapter is not in the page list`);
  }
  return problems;
}

/** Imports from one CRM's folder into another's. */
function crossCrmImports(): string[] {
  const folderOf = (file: string) => CRM_IDS.find((crm) => file.startsWith(`lib/crm/${crm}/`)) ?? null;
  const problems: string[] = [];
  for (const [file, imports] of GRAPH) {
    const own = folderOf(file);
    if (!own) continue;
    for (const { target, line } of imports) {
      const other = folderOf(target);
      if (other && other !== own) problems.push(`${file}:${line} imports ${target}`);
    }
  }
  return problems;
}

// ---- the tests ---------------------------------------------------------------------------------

describe('architecture', () => {
  it('finds the source it checks', () => {
    expect(FILES).toContain('lib/playbook/engine.ts');
    expect(FILES).toContain('entrypoints/crm.content/index.ts');
    expect(FILES.filter((f) => f.startsWith('lib/')).length).toBeGreaterThan(100);
  });

  it('lib/ uses no browser global outside comments (pass document, fetch, db in)', () => {
    expect(FILES.filter((f) => f.startsWith('lib/')).flatMap(browserGlobalUses)).toEqual([]);
  });

  it('the browser-global check sees uses and leaves parameters, locals, properties, comments and strings alone', () => {
    const probe = 'lib/__probe__.ts';
    parsed.set(
      probe,
      ts.createSourceFile(
        probe,
        [
          '// chrome.storage in a comment',
          "const text = 'document';",
          'export function read(document: Document) { return document.title; }',
          'export function span() { const window = 3; return window + 1; }',
          'export const options = { browser: 1 }; options.browser;',
          'export type Area = typeof chrome.storage.local;',
          'export const a = chrome.runtime.id;',
          'export const b = globalThis.localStorage;',
          'export function c() { return indexedDB.open("x"); }',
          'export const d = () => window.location.href;',
        ].join('\n'),
        ts.ScriptTarget.Latest,
        true,
      ),
    );
    try {
      expect(browserGlobalUses(probe)).toEqual([
        `${probe}:7 uses the browser global \`chrome\``,
        `${probe}:8 uses the browser global \`localStorage\``,
        `${probe}:9 uses the browser global \`indexedDB\``,
        `${probe}:10 uses the browser global \`window\``,
      ]);
    } finally {
      parsed.delete(probe);
    }
  });

  it('imports run one way: entrypoints → components → lib/background → lib/db → domain → lib/model', () => {
    expect(wrongWayImports()).toEqual([]);
  });

  it('no import circles', () => {
    expect(importCircles()).toEqual([]);
  });

  it('the layer and circle checks catch what they are for', () => {
    const at = (target: string) => ({ target, line: 1 });
    const probe = new Map<string, Import[]>([
      ['lib/model/a.ts', [at('lib/metrics/b.ts')]],
      ['lib/metrics/b.ts', [at('lib/db/c.ts'), at('lib/model/a.ts')]],
      ['lib/db/c.ts', [at('lib/background/d.ts')]],
      ['lib/background/d.ts', [at('components/e.tsx')]],
      ['components/e.tsx', [at('entrypoints/f.ts'), at('lib/db/c.ts')]],
      ['entrypoints/f.ts', [at('lib/db/c.ts')]],
      ['lib/projection/g.ts', [at('scripts/h.ts')]],
      ['scripts/h.ts', [at('lib/model/a.ts')]],
    ]);
    expect(wrongWayImports(probe)).toEqual([
      'lib/model/a.ts:1 (model) imports lib/metrics/b.ts (domain)',
      'lib/metrics/b.ts:1 (domain) imports lib/db/c.ts (db)',
      'lib/db/c.ts:1 (db) imports lib/background/d.ts (background)',
      'lib/background/d.ts:1 (background) imports components/e.tsx (components)',
      'components/e.tsx:1 (components) imports entrypoints/f.ts (entrypoints)',
      'lib/projection/g.ts:1 (domain) imports scripts/h.ts (tools)',
    ]);
    expect(importCircles(probe).map((circle) => circle.join(' ')).sort()).toEqual([
      'components/e.tsx entrypoints/f.ts lib/background/d.ts lib/db/c.ts',
      'lib/metrics/b.ts lib/model/a.ts',
    ]);
  });

  it('the content script bundle carries no zod, Dexie or Preact', async () => {
    const inputs = await bundledModules({ entryPoints: ['entrypoints/crm.content/index.ts'] });
    expect(inputs).toContain('lib/content/deal-watcher.ts');
    expect(inputs.filter(isHeavy)).toEqual([]);
    // …and the check sees them when they are there.
    const probe = await bundledModules({ stdin: { contents: "import { z } from 'zod'; import Dexie from 'dexie'; import { h } from 'preact'; console.log(z, Dexie, h);", resolveDir: ROOT } });
    expect(new Set(probe.filter(isHeavy).map((path) => /node_modules\/(zod|dexie|preact)\//.exec(path)![1]))).toEqual(new Set(['zod', 'dexie', 'preact']));
  });

  it('no code outside lib/crm/<crm>/ and the registries switches on a CRM or compares with a CRM id', () => {
    expect(FILES.filter((f) => !mayTellCrmsApart(f)).flatMap(crmBranches)).toEqual([]);
  });

  it('the CRM-branch check sees switches and comparisons on CRM ids, and leaves other strings alone', () => {
    const probe = 'lib/__crm_probe__.ts';
    parsed.set(
      probe,
      ts.createSourceFile(
        probe,
        [
          "export function a(crm: string) { switch (crm) { case 'hubspot': return 1; default: return 0; } }",
          "export const b = (crm: string) => crm === 'salesforce';",
          "export const c = (crm: string) => 'pipedrive' !== crm;",
          "export const d = (kind: string) => kind === 'activity';",
          "export const e = { hubspot: 1 };",
          "export function f(kind: string) { switch (kind) { case 'call': return 1; default: return 0; } }",
        ].join('\n'),
        ts.ScriptTarget.Latest,
        true,
      ),
    );
    try {
      expect(crmBranches(probe)).toEqual([
        `${probe}:1 switches on a CRM id`,
        `${probe}:2 compares with a CRM id (crm === 'salesforce')`,
        `${probe}:3 compares with a CRM id ('pipedrive' !== crm)`,
      ]);
    } finally {
      parsed.delete(probe);
    }
  });

  it('every CRM folder provides every piece the connector names, and none imports another CRM\'s folder', () => {
    expect(interfaceMembers('lib/crm/connector.ts', 'CrmConnector')).toEqual(expect.arrayContaining(['readDeal', 'writer', 'teamSync.plan', 'assignment', 'exportFormat', 'dealUrl']));
    expect(missingPieces()).toEqual([]);
    expect(crossCrmImports()).toEqual([]);
  });
});
