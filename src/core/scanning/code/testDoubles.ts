// Test doubles make no request: a call on a mock object, a function the file patches, a module the file mocks, or a
// model object built from a fake model class. What the scanner knows about mocking libraries is kept here.
import type { CodeValue } from './values';

/** Model classes of test kits (`MockLanguageModelV2`, `FakeListLLM`, pydantic-ai `TestModel`, DSPy `DummyLM`, LlamaIndex `MockLLM`). */
export const MOCK_MODEL = /^(Mock|Fake|Test|Dummy)\w*(LanguageModel|LLM|ChatModel|Model|LM)\w*$/;

/** Factories of mock objects: `unittest.mock`, `pytest-mock`'s `mocker.MagicMock`, `jest-mock-extended`, `aws-sdk-client-mock`. */
const MOCK_OBJECT_FACTORIES: ReadonlySet<string> = new Set(['MagicMock', 'AsyncMock', 'Mock', 'NonCallableMock', 'NonCallableMagicMock', 'create_autospec', 'mockDeep', 'mockClient', 'createMock']);

/** Mock function factories, by their callee path: `vi.fn()`, `jest.fn()`, `sinon.stub()`. */
const MOCK_FUNCTION_FACTORIES = /^(vi|jest)\.fn$|^sinon\.(stub|createStubInstance)$/;

/** True when the text may make mock objects (checked before resolving a call's receiver, which costs resolution steps). */
export function mentionsMockFactories(text: string): boolean {
  return /\b(MagicMock|AsyncMock|Mock|NonCallableMock|NonCallableMagicMock|create_autospec|mockDeep|mockClient|createMock)\b|\b(vi|jest)\s*\.\s*fn\b|\bsinon\b/.test(text);
}

/** True when the value was made by a mock factory (`AsyncMock()`, `mock.Mock()`, `vi.fn()`). */
export function isMockObject(value: CodeValue | null | undefined): boolean {
  if (value?.kind !== 'call') return false;
  return MOCK_OBJECT_FACTORIES.has(value.path[value.path.length - 1] ?? '') || MOCK_FUNCTION_FACTORIES.test(value.path.join('.'));
}

/**
 * What a file replaces for its tests, as dotted names: Python `patch("ollama.chat")` / `mock.patch(…)` /
 * `mocker.patch(…)` targets, and the modules of JS `vi.mock('ollama')` / `jest.mock('openai')`.
 */
export function mockedTargets(text: string): ReadonlySet<string> {
  const targets = new Set<string>();
  if (!/\bpatch\b|\.mock\s*\(/.test(text)) return targets;
  for (const match of text.matchAll(/\bpatch\s*\(\s*(?:target\s*=\s*)?["']([\w.]+)["']/g)) targets.add(match[1]);
  for (const match of text.matchAll(/\b(?:vi|jest)\s*\.\s*mock\s*\(\s*["'`]([^"'`]+)["'`]/g)) targets.add(match[1]);
  return targets;
}

/** True when a call goes to something the file mocks: its dotted callee (or a prefix of it) is patched, or its root's module is mocked. */
export function callsMockedTarget(path: readonly string[], rootModule: string | null, targets: ReadonlySet<string>): boolean {
  if (targets.size === 0) return false;
  if (rootModule !== null && targets.has(rootModule)) return true;
  for (let length = path.length; length > 0; length--) if (targets.has(path.slice(0, length).join('.'))) return true;
  return false;
}
