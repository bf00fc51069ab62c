// The symbol index's pass 1 (symbolExtract.ts) on hostile and broken input: every prefix of real-looking modules with
// functions, arrows, classes and Go funcs (a half-typed file), hostile strings spliced in, and deep nesting. It must
// return, keep within its binding bound, and resolve nothing it cannot read; and a function body the index keeps
// evaluates with its own parameters only (no argument reaches another call's text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractSymbols, MAX_BINDINGS_PER_FILE, type SymbolLanguage } from '../../../src/core/scanning/code/symbolExtract';
import { HOSTILE_STRINGS } from './hostileStrings';
import { nestedBrackets, UNTERMINATED } from './hostileInputs';

const MODULES: Record<SymbolLanguage, string> = {
  python: 'from .config import MODEL\nclass A:\n    model: str = "x"\n    def prompt(self, a, *args, b=1, **kw) -> str:\n        """doc"""\n        return f"Hi {a} {self.b}"\n\nasync def build(q, c):\n    return ("a" f"{q}")\n',
  js: "import { M } from './m';\nexport const f = async ({ a, b: [c] }: { a: string }, d = 1): Promise<string> => `x${a}`;\nexport function g<T>(x: T): string {\n  return `y${x}`;\n}\nconst h = (x) => { return x; };\n",
  go: 'package p\n\nimport "os"\n\nfunc Load() Config {\n\treturn Config{Model: getEnv("M", "x"), N: 1}\n}\n\nfunc (c *C) M() (string, error) {\n\treturn "", nil\n}\n\nvar X = getEnv("X", "y")\n',
  java: 'package a;\npublic class C {\n  public static final String M = "x";\n  static String f() { return "y"; }\n}\n',  ruby: 'MODEL = :"claude-x"\nmodule Llm\n  CHAT = ENV.fetch("CHAT", "gpt-x")\n  def self.reply(name, n = 2)\n    "Hi #{name}, #{n} times"\n  end\nend\n',
};

test('every prefix of a module with functions, arrows and classes extracts without throwing, within the binding bound', () => {
  for (const [language, text] of Object.entries(MODULES) as Array<[SymbolLanguage, string]>) {
    for (let end = 0; end <= text.length; end++) {
      const symbols = extractSymbols(text.slice(0, end), language);
      assert.ok(symbols.bindings.size <= MAX_BINDINGS_PER_FILE);
      for (const binding of symbols.bindings.values()) assert.ok(binding.line >= 1, `${language} prefix ${end}`);
    }
  }
});

test('hostile strings, unterminated literals and deep nesting inside function headers and bodies return', () => {
  for (const [name, hostile] of HOSTILE_STRINGS) {
    for (const [language, text] of Object.entries(MODULES) as Array<[SymbolLanguage, string]>) {
      const spliced = text.replace(/\(/, `(${hostile}`).replace(/return /, `return ${hostile} `);
      assert.doesNotThrow(() => extractSymbols(spliced, language), `${name} in ${language}`);
    }
  }
  for (const language of Object.keys(MODULES) as SymbolLanguage[]) {
    assert.doesNotThrow(() => extractSymbols(`def f(${nestedBrackets(20_000)}):\n    return ${UNTERMINATED}`, language));
    assert.doesNotThrow(() => extractSymbols(`export const f = (${'('.repeat(10_000)}) => \`${'${'.repeat(5_000)}`, language));
    assert.doesNotThrow(() => extractSymbols(`func F(${'a, '.repeat(10_000)}) T {\n\treturn T{${'A: 1, '.repeat(10_000)}}\n}`, language));
  }
});

test('functions the index keeps: parameters in order, destructured keys, self dropped; a body it cannot read binds nothing', () => {
  const python = extractSymbols(MODULES.python, 'python');
  assert.deepEqual(python.bindings.get('A.prompt')?.expr.k === 'fn' ? python.bindings.get('A.prompt')!.expr : null, { k: 'fn', params: ['a', 'args', 'b', 'kw'], body: { k: 'str', line: 6, parts: ['Hi ', { ref: 'a' }, ' ', { ref: 'self.b' }] } });
  assert.deepEqual(python.bindings.get('build')?.expr, { k: 'fn', params: ['q', 'c'], body: { k: 'str', line: 9, parts: ['a', { ref: 'q' }] } });
  const js = extractSymbols(MODULES.js, 'js');
  // A renamed or nested destructured key (`b: [c]`) is no parameter the index maps: `c` stays a placeholder.
  assert.deepEqual(js.bindings.get('f')?.expr, { k: 'fn', params: [['a'], 'd'], body: { k: 'str', line: 2, parts: ['x', { ref: 'a' }] } });
  assert.deepEqual(js.bindings.get('g')?.expr, { k: 'fn', params: ['x'], body: { k: 'str', line: 4, parts: ['y', { ref: 'x' }] } });
  assert.deepEqual(js.bindings.get('h')?.expr, { k: 'fn', params: ['x'], body: { k: 'ref', path: 'x' } });
  const go = extractSymbols(MODULES.go, 'go');
  assert.deepEqual(go.bindings.get('Load')?.expr, { k: 'fn', params: [], body: { k: 'obj', entries: [['Model', { k: 'env', variable: 'M', fallback: { k: 'str', line: 6, parts: ['x'] } }], ['N', { k: 'num', value: 1 }]] } });
  // A method (with a receiver) is not a package function.
  assert.equal(go.bindings.has('M'), false);
});
