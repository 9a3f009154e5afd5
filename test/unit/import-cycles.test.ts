import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No runtime import cycles in the shipped code: a cycle makes module initialisation order
 * depend on which file is imported first (a class used before its module ran), and bundlers
 * cannot always tree-shake through one. Type-only imports vanish at run time and are excluded.
 */
const root = resolve(import.meta.dirname, '../..');
const folders = ['lib', 'lambdas', 'flows', 'dashboard/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules `file` imports at run time (type-only imports and exports left out). */
export function runtimeImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes = clause !== undefined && clause.name === undefined && bindings !== undefined &&
        ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)) continue;
      specifier = statement.moduleSpecifier;
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      out.push(resolve(dirname(file), specifier.text.replace(/\.js$/, '.ts')));
    }
  }
  return out;
}

/** Strongly connected components of more than one module (or a module importing itself). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('import graph', { timeout: 30_000 }, () => {
  it('finds a cycle when there is one, and ignores type-only imports', () => {
    const a = runtimeImports('/x/a.ts', "import { b } from './b.js';\nimport type { C } from './c.js';\nimport { type D } from './d.js';");
    expect(a).toEqual(['/x/b.ts']);
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no runtime import cycles in lib/, lambdas/, flows/ and the dashboard', () => {
    const graph = new Map<string, string[]>();
    for (const folder of folders) {
      for (const file of sourceFiles(join(root, folder))) graph.set(file, runtimeImports(file, readFileSync(file, 'utf8')));
    }
    const found = cycles(graph).map((c) => c.map((f) => relative(root, f)).join(' ↔ '));
    expect(found).toEqual([]);
  });
});

/** Every module specifier `file` names in an import or export, type-only ones included. */
function specifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return source.statements.flatMap((s) =>
    (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? [s.moduleSpecifier.text] : [],
  );
}

/** Imports from `folder` that reach a forbidden folder of the project or a forbidden package. */
function layerViolations(folder: string, forbiddenFolders: string[], forbiddenPackages: RegExp): string[] {
  return sourceFiles(join(root, folder)).flatMap((file) =>
    specifiers(file, readFileSync(file, 'utf8')).flatMap((spec) => {
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec;
      const bad = spec.startsWith('.') ? forbiddenFolders.some((f) => target === f || target.startsWith(`${f}/`)) : forbiddenPackages.test(spec);
      return bad ? [`${relative(root, file)} → ${spec}`] : [];
    }),
  );
}

describe('layers', { timeout: 30_000 }, () => {
  const platform = /^(@aws-sdk\/|@smithy\/|aws-cdk-lib|constructs$|@aws-lambda-powertools\/|@middy\/)/;

  it('keeps the engine free of AWS, of the application layer and of the handlers', () => {
    expect(layerViolations('lib/engine', ['lib/aws', 'lib/app', 'lib/infra', 'lib/local', 'lib/cli', 'lambdas'], platform)).toEqual([]);
  });

  it('keeps the application layer (lib/app) platform-neutral: no AWS adapters, SDK or handlers', () => {
    expect(layerViolations('lib/app', ['lib/aws', 'lib/infra', 'lib/local', 'lib/cli', 'lambdas'], platform)).toEqual([]);
  });

  it('reports an import that crosses a layer', () => {
    expect(layerViolations('lib/aws', ['lib/engine'], /^$/).length).toBeGreaterThan(0);
  });
});
