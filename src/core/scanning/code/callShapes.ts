// Language-neutral recognition of text-generation calls: which SDK call a callee path is, and what model,
// output cap and messages its resolved arguments carry (PROVIDERS.md §2 and §4).
import { templateSegments, type TemplateEngine } from '../promptFiles/templateText';
import { scanLangChainPrompt } from '../promptFiles/langchain';
import type { ModelSource, OutputCap, PromptMessage, PromptSegment, PromptSite, ReasoningSetting, Span } from '../../types';
import type { CallArguments, CallShape } from './adapter';
import type { LanguageFamily } from '../../languages';
import { CAP_PARAMETERS, GOOGLE_CONFIG_KEYS, JSON_ENCODERS, JSON_PUT_METHODS, MODEL_KEYS, REASONING_CONTAINERS, REASONING_PARAMETERS, TOOL_KEYS, WRAPPER_NAMES, isChatSession, requestPositionals, requestUrlOf, shapesFor, type ApiId, type MessageLayout, type ProviderSource, type RecognitionInput, type SdkShape, type ServiceTierParameter } from './sdks';
import type { ServiceTier } from '../../pricing/types';
import { joinedListOf } from '../joinedLists';
import { entryOf, isOpen, opaque, stringText, valueOf, type CodeValue, type ObjectEntry, type ObjectValue, type OpaqueValue } from './values';
import { UNRESOLVED_MESSAGES } from './workLimits';
import { MOCK_MODEL, callsMockedTarget, isMockObject } from './testDoubles';

const NO_TARGETS: ReadonlySet<string> = new Set();

/** Every name an SDK uses for the output cap, and where the model is named: kept in the SDK table. */
export { CAP_PARAMETERS, GOOGLE_CONFIG_KEYS, MODEL_KEYS, type ApiId } from './sdks';

export interface RecognitionContext {
  file: string;
  /** The language family of the file: only the table's entries for it can match. */
  family: LanguageFamily;
  /** Modules the file imports (`openai`, `@anthropic-ai/sdk`, `anthropic`, `ai`, `litellm`). */
  importedModules: Set<string>;
  /** The module each imported local name comes from. */
  importedNames: ReadonlyMap<string, string>;
  /** What the file mocks for its tests (`patch("ollama.chat")`, `vi.mock('openai')`): calls to these make no request. */
  mockedTargets?: ReadonlySet<string>;
  /** The file may make mock objects (`MagicMock()`, `vi.fn()`): a call's root is then checked for one. */
  mockObjects?: boolean;
  /** Where calls on test doubles were found: the strings they pass are test data, not prompts. */
  testDoubleCalls?: Span[];
  /** The literal a workspace `.env` file gives an environment variable (issue 18), when there is a workspace index. */
  envDefault?: (variable: string) => { value: string; file: string; line: number } | null;
}

/** True when the callee path (wrappers removed) has the shape an entry describes. */
function calleeMatches(shape: SdkShape, names: readonly string[]): boolean {
  const { callee } = shape;
  const count = names.length;
  if (callee.maxNames !== undefined && count > callee.maxNames) return false;
  const last = names[count - 1] ?? '';
  if (callee.exactCase ? !callee.last.includes(last) : !callee.last.some((name) => name.toLowerCase() === last.toLowerCase())) return false;
  const previous = (names[count - 2] ?? '').toLowerCase();
  const beforePrevious = (names[count - 3] ?? '').toLowerCase();
  if (callee.previous && !callee.previous.includes(previous)) return false;
  if (callee.beforePrevious && !callee.beforePrevious.includes(beforePrevious)) return false;
  if (callee.notBeforePrevious?.includes(beforePrevious)) return false;
  return true;
}

/** The table entry a call shape matches, or null when it is not a text-generation call. */
export function identifyShape(shape: CallShape, options: () => ObjectValue, context: RecognitionContext): SdkShape | null {
  const names = shape.path.filter((name) => !WRAPPER_NAMES.has(name));
  const input: RecognitionInput = { shape, names, options, importedModules: context.importedModules, moduleOf: (name) => context.importedNames.get(name) ?? null };
  for (const entry of entriesForLastName(context.family, names[names.length - 1] ?? '')) {
    if (calleeMatches(entry, names) && (!entry.accept || entry.accept(input))) return entry;
  }
  return null;
}

const NO_ENTRIES: readonly SdkShape[] = [];
const entriesByLastName = new Map<LanguageFamily, Map<string, SdkShape[]>>();

/**
 * The family's table entries whose callee last names hold `last` (compared in lower case, so exact-case entries are
 * among them), in table order: every entry `calleeMatches` can accept for a callee ending in `last`, so the first one
 * that matches is the table's first. Each call looks at these few instead of lower-casing every entry's names.
 */
export function entriesForLastName(family: LanguageFamily, last: string): readonly SdkShape[] {
  let byName = entriesByLastName.get(family);
  if (!byName) {
    byName = new Map();
    for (const entry of shapesFor(family)) {
      for (const name of new Set(entry.callee.last.map((candidate) => candidate.toLowerCase()))) {
        const entries = byName.get(name);
        if (entries) entries.push(entry);
        else byName.set(name, [entry]);
      }
    }
    entriesByLastName.set(family, byName);
  }
  return byName.get(last.toLowerCase()) ?? NO_ENTRIES;
}

/** Identifies the API a call shape belongs to, or null when it is not a text-generation call. */
export function identifyApi(shape: CallShape, options: () => ObjectValue, context: RecognitionContext): ApiId | null {
  return identifyShape(shape, options, context)?.api ?? null;
}

/** Merges a call's arguments into one options object: the first object argument plus keyword arguments. */
export function optionsOf(args: CallArguments, optionsInFirstArgument: boolean): ObjectValue {
  const first = args.positional[0];
  const entries: ObjectEntry[] = [];
  const openSpreads: CodeValue[] = [...args.openSpreads];
  let span: Span = first?.span ?? { start: 0, end: 0 };
  if (first?.kind === 'object') {
    entries.push(...first.entries);
    openSpreads.push(...first.openSpreads);
    span = first.span;
  } else if (optionsInFirstArgument && first?.kind === 'opaque' && args.named.length === 0) {
    // `create(params)` with params unresolved: everything may be in it.
    openSpreads.push(first);
  } else if (first?.kind === 'call' && first.named.length && args.named.length === 0) {
    // Python `create(**dict(model=…))` was already merged; Go/Java builders arrive as objects.
    entries.push(...first.named);
  } else if (optionsInFirstArgument && first?.kind === 'call' && args.named.length === 0) {
    // `create(buildRequest(ticket))`: the options come from a helper whose result is not followed, so any of them
    // (model, cap, messages) may be set there: unknown, not absent.
    openSpreads.push(first);
  }
  entries.push(...args.named);
  return { kind: 'object', span, entries, openSpreads };
}

export function recognizeCall(shape: CallShape, context: RecognitionContext): PromptSite | null {
  let cachedArgs: CallArguments | null = null;
  let cachedOptions: ObjectValue | null = null;
  const args = (): CallArguments => (cachedArgs ??= shape.args());
  const options = (): ObjectValue => (cachedOptions ??= optionsOf(args(), shape.optionsInFirstArgument));
  const entry = identifyShape(shape, options, context);
  if (!entry) return null;
  // A call on a mock (`client = AsyncMock()`), or to a function or module the file patches, makes no request. The
  // root is resolved only in files that mock something (resolving costs work-limit steps).
  const targets = context.mockedTargets ?? NO_TARGETS;
  if (context.mockObjects === true || targets.size > 0) {
    const root = shape.rootValue?.() ?? null;
    // The module the call's root comes from: imported itself, or the class that built it (`new OpenAI()` from 'openai').
    const module = shape.rootModule ?? context.importedNames.get(shape.path[0] ?? '') ?? (root?.kind === 'call' ? context.importedNames.get(root.path[0] ?? '') ?? null : null);
    if (isMockObject(root) || callsMockedTarget(shape.path, module, targets)) {
      context.testDoubleCalls?.push(shape.span);
      return null;
    }
  }
  const { api } = entry;
  const opts = entryOptions(entry, args(), options, entry.receiverOptions === 'client-options' ? shape.receiver() : null);
  const site: PromptSite = {
    kind: 'call',
    file: context.file,
    span: shape.span,
    anchor: shape.anchor,
    provider: null,
    api,
    model: null,
    maxOutputTokens: null,
    messages: [],
  };

  // Model-side options in a JSON body (`body=json.dumps({...})`): the model, cap and messages are read there too.
  const bodyKey = entry.jsonBody?.find((key) => entryOf(opts, key));
  const body = bodyKey ? jsonBodyOf(valueOf(opts, bodyKey), shape.span) : null;
  // Where model and cap live: the call's options, plus the client or model object it is called on.
  const modelSources: (CodeValue | null | undefined)[] = [opts, body];
  let receiverOptions: ObjectValue | null = null;
  if (entry.receiverOptions === 'dotnet-chat-client') receiverOptions = chatClientOptions(shape.receiver());
  // `client.models.generate_content(…)` names its model; `model.generate_content(…)` was created with it.
  if (entry.receiverOptions === 'google-generative-model' && !/(^|\.)models$/i.test(shape.path.slice(0, -1).join('.'))) receiverOptions = generativeModelOptions(shape.receiver());
  if (entry.receiverOptions === 'google-chat-session') receiverOptions = chatSessionOptions(shape.receiver());
  if (receiverOptions) modelSources.unshift(receiverOptions);
  // `instructor.from_provider("openai/gpt-4o")`: the factory that built the client names the model; the call may override it.
  if (entry.receiverOptions === 'client-factory-model') modelSources.push(clientFactoryOptions(shape.rootValue?.() ?? null));

  // Model.
  let modelValue: CodeValue | undefined;
  for (const source of modelSources) {
    modelValue = valueOf(source, ...MODEL_KEYS);
    if (modelValue) break;
  }
  if (!modelValue && entry.positionalModel && args().positional[0]?.kind !== 'object') modelValue = args().positional[0];
  // `…/models/gemini-2.0-flash:generateContent`: a request URL that names its model.
  const url = entry.url || entry.modelInUrl || entry.provider.includes('url') ? requestUrlOf(requestPositionals(args().positional)[0]) : null;
  if (!modelValue && entry.modelInUrl && url) {
    const named = entry.modelInUrl.exec(url)?.[1];
    if (named) modelValue = { kind: 'string', span: requestPositionals(args().positional)[0]!.span, segments: [{ kind: 'static', text: named }] };
  }
  if (!modelValue && receiverOptions === null && entry.receiverIsModel) {
    const receiver = shape.receiver();
    if (receiver?.kind === 'opaque') {
      site.modelExpression = receiver.definition ?? receiver.text;
      site.modelSpan = receiver.span;
    }
  }
  let factoryProvider: string | null = null;
  if (modelValue) {
    const resolved = resolveModel(modelValue, entry.modelFactories === true, shape.span, context.envDefault);
    site.model = resolved.model;
    if (resolved.from) site.modelFrom = resolved.from;
    factoryProvider = resolved.factoryProvider;
    if (resolved.model === null) site.modelExpression = resolved.expression;
    else if (resolved.source) site.modelSource = resolved.source;
    if (resolved.alternatives) site.modelAlternatives = resolved.alternatives;
    if (resolved.variable && resolved.model !== null) site.modelVariable = resolved.variable;
    site.modelSpan = resolved.span;
  }

  // A model built by a test double (`new MockLanguageModelV2(…)`, `FakeListLLM(…)`) makes no call.
  if (modelValue?.kind === 'call' && MOCK_MODEL.test(modelValue.path[modelValue.path.length - 1] ?? '')) {
    context.testDoubleCalls?.push(shape.span);
    return null;
  }

  // Output cap.
  const dotNetChat = entry.messages === 'dotnet-chat';
  const dotNetOptions = dotNetChat ? [...args().positional, ...args().named.map((entry) => entry.value)] : [];
  const capSources = body ? [body] : dotNetChat ? dotNetOptions.filter((arg): arg is Extract<CodeValue, { kind: 'call' }> => arg.kind === 'call' && DOTNET_OPTIONS.test(arg.path[arg.path.length - 1] ?? '')).map(callAsObject) : [opts];
  if (dotNetOptions.some((arg) => arg.kind === 'opaque' && /options|settings/i.test(arg.text))) capSources.push({ kind: 'object', span: shape.span, entries: [], openSpreads: [opaque(shape.span, 'options')] });
  if (entry.receiverOptions === 'google-generative-model' && receiverOptions) capSources.push(receiverOptions);
  // A session message takes the session's config; only a per-message `config` overrides it.
  if (entry.receiverOptions === 'google-chat-session') capSources.splice(0, capSources.length, ...(entryOf(opts, ...GOOGLE_CONFIG_KEYS) ? [opts] : []), ...(receiverOptions ? [receiverOptions] : []));
  const cap = findCap(capSources, entry);
  site.maxOutputTokens = cap.value;
  if (cap.parameter) site.capParameter = cap.parameter;
  if (cap.span) site.capSpan = cap.span;
  if (entryOf(opts, ...TOOL_KEYS)) site.usesTools = true;
  // Temperature: in the options, or where the cap is read (Gemini `generationConfig`, a .NET options object).
  const temperature = [opts, ...capSources].map((source) => valueOf(source, 'temperature', 'Temperature')).find((value) => value !== undefined);
  if (temperature) site.temperature = temperature.kind === 'number' ? temperature.value : 'non-literal';
  // Streaming: a `stream` option that is not literally false, or a streaming method (`stream`, `streamText`, `…_stream`).
  const stream = valueOf(opts, 'stream');
  if ((stream && !(stream.kind === 'opaque' && /^false$/i.test(stream.text))) || shape.path.some((name) => /stream/i.test(name))) site.streams = true;
  const reasoning = findReasoning(capSources);
  if (reasoning) site.reasoning = reasoning;
  // Service tier: read where the cap is (the call's options, a session's or model's config).
  if (entry.serviceTier) {
    const tier = findServiceTier(capSources, entry.serviceTier);
    if (tier) site.serviceTier = tier;
  }

  // Messages in send order.
  const messageArgs = entry.messageArguments === undefined ? args() : { ...args(), positional: args().positional.slice(0, entry.messageArguments) };
  const collected = collectMessages(entry.messages, body ?? opts, messageArgs, receiverOptions, entry.positionalPrompt === true, entry.positionalMessages);
  site.messages = collected.messages;
  if (collected.linkedFile) site.linkedFile = collected.linkedFile;

  site.provider = providerOf(entry.provider, site.model, factoryProvider, { className: shape.path.find((name) => /^[A-Z]/.test(name)) ?? null, url });
  return site;
}

/** A model bound by a registration call (`AddOpenAIChatCompletion(modelId: "gpt-4o")`), where it is written. */
export interface ModelRegistration {
  api: ApiId;
  start: number;
  model: string;
  modelSpan: Span;
  provider: string;
}

/** The model registrations among a file's calls, for the table entries that read them. */
export function findModelRegistrations(shapes: readonly CallShape[], family: LanguageFamily): ModelRegistration[] {
  const found: ModelRegistration[] = [];
  const entries = shapesFor(family).filter((entry) => entry.modelRegistrations?.length);
  if (entries.length === 0) return found;
  for (const shape of shapes) {
    const method = shape.path[shape.path.length - 1];
    for (const entry of entries) {
      const registration = entry.modelRegistrations!.find((candidate) => candidate.method === method);
      if (!registration) continue;
      const args = shape.args();
      const value = valueOf({ kind: 'object', span: shape.span, entries: args.named, openSpreads: [] }, ...registration.keys) ?? args.positional[0];
      const model = stringText(value);
      if (model && value) found.push({ api: entry.api, start: shape.span.start, model, modelSpan: value.span, provider: registration.provider });
    }
  }
  return found;
}

/** Gives a call that names no model the one registered for its API: the nearest registration before it, else the file's only one. */
export function applyModelRegistration(site: PromptSite, registrations: readonly ModelRegistration[]): void {
  if (site.kind !== 'call' || site.model !== null || site.modelExpression !== undefined) return;
  const candidates = registrations.filter((registration) => registration.api === site.api);
  const before = candidates.filter((registration) => registration.start < site.span.start);
  const chosen = before.length ? before[before.length - 1] : candidates.length === 1 ? candidates[0] : undefined;
  if (!chosen) return;
  site.model = chosen.model;
  site.modelSpan = chosen.modelSpan;
  site.provider = chosen.provider;
}

/** The options an entry reads: another positional argument's object (`fetch(url, init)`), merged with the objects nested under `nestedOptions`. */
function entryOptions(entry: SdkShape, args: CallArguments, options: () => ObjectValue, client: CodeValue | null): ObjectValue {
  let opts = options();
  // A session's call takes the options its client was built with (`ClaudeSDKClient(options=…)`); its own come last.
  if (client?.kind === 'call') opts = { ...opts, entries: [...client.named, ...opts.entries], openSpreads: [...client.openSpreads, ...opts.openSpreads] };
  if (entry.optionsArgument !== undefined) {
    // `fetch(url, init)`, or one request object (`requestUrl({ url, body })`).
    const positional = requestPositionals(args.positional);
    const argument = positional[entry.optionsArgument] ?? (positional[0]?.kind === 'object' ? positional[0] : undefined);
    opts = { kind: 'object', span: argument?.span ?? opts.span, entries: [...(argument?.kind === 'object' ? argument.entries : []), ...args.named], openSpreads: [...(argument?.kind === 'object' ? argument.openSpreads : argument ? [argument] : []), ...args.openSpreads] };
  }
  for (const key of entry.nestedOptions ?? []) {
    const nested = valueOf(opts, key);
    if (nested?.kind === 'object') opts = { ...opts, entries: [...opts.entries, ...nested.entries], openSpreads: [...opts.openSpreads, ...nested.openSpreads] };
    else if (nested?.kind === 'call') opts = { ...opts, entries: [...opts.entries, ...nested.named], openSpreads: [...opts.openSpreads, ...nested.openSpreads] };
    else if (nested) opts = { ...opts, openSpreads: [...opts.openSpreads, nested] };
  }
  return opts;
}

/** A client built by a factory whose first argument names the model (`instructor.from_provider("openai/gpt-4o")`). */
function clientFactoryOptions(root: CodeValue | null): ObjectValue | null {
  const first = root?.kind === 'call' ? root.positional[0] : undefined;
  return first?.kind === 'string' ? { kind: 'object', span: first.span, entries: [{ key: 'model', keySpan: first.span, value: first }], openSpreads: [] } : null;
}

interface ResolvedModel {
  model: string | null;
  source?: ModelSource;
  /** Both literal models of a conditional, in source order. */
  alternatives?: string[];
  expression?: string;
  span?: Span;
  factoryProvider: string | null;
  /** Where the model id is written when not in the call's file (an imported constant, a `.env` line). */
  from?: { file: string; line: number };
  /** The environment variable whose default (or `.env` value) the model is. */
  variable?: string;
}

/** The variable of an environment read with a default: `os.getenv("M", …)`, `envOr("M", …)`, `ENV.fetch("M", …)`. */
function defaultedVariableOf(expression: string): string | undefined {
  return environmentVariableOf(expression) ?? /["'`]([A-Z][A-Z0-9_]{1,63})["'`]/.exec(expression)?.[1] ?? undefined;
}

/** The variable an environment read names: `os.getenv("M")`, `os.environ["M"]`, `process.env.M`, `os.Getenv("M")`, `ENV["M"]`. */
export function environmentVariableOf(expression: string): string | null {
  return /(?:getenv|GetEnvironmentVariable|environ(?:\.get)?|\benv|ENV(?:\.fetch)?)\s*(?:\(\s*|\[\s*|\.)["'`]?([A-Za-z_][A-Za-z0-9_]*)/i.exec(expression)?.[1] ?? null;
}

/** AI SDK provider factories by lower-cased name (a Map: looked up with repository text). */
const KNOWN_FACTORIES: ReadonlyMap<string, string> = new Map([
  ['openai', 'openai'],
  ['createopenai', 'openai'],
  ['azure', 'openai'],
  ['createazure', 'openai'],
  ['anthropic', 'anthropic'],
  ['createanthropic', 'anthropic'],
  ['google', 'google'],
  ['creategooglegenerativeai', 'google'],
  ['vertex', 'google'],
  ['createvertex', 'google'],
  ['mistral', 'mistral'],
  ['createmistral', 'mistral'],
  ['groq', 'groq'],
  ['creategroq', 'groq'],
  ['deepseek', 'deepseek'],
  ['createdeepseek', 'deepseek'],
  ['xai', 'xai'],
  ['createxai', 'xai'],
  ['bedrock', 'bedrock'],
  ['createamazonbedrock', 'bedrock'],
  ['cohere', 'cohere'],
  ['createcohere', 'cohere'],
  ['perplexity', 'perplexity'],
  ['togetherai', 'togetherai'],
  ['fireworks', 'fireworks'],
  ['ollama', 'ollama'],
]);

/** Resolves a model value: a literal, a constant, a reader's default (parameter, fallback, env read), a two-literal conditional, or an AI SDK factory call. */
function resolveModel(value: CodeValue, factoriesAllowed: boolean, callSpan: Span, envDefault?: RecognitionContext['envDefault']): ResolvedModel {
  if (value.kind === 'string') {
    const text = stringText(value);
    // A literal inside the call is written there; one reached through a name is a constant; one of another file is imported.
    const source: ModelSource = value.origin ? 'imported-constant' : value.span.start >= callSpan.start && value.span.end <= callSpan.end ? 'literal' : 'constant';
    if (text !== null) return { model: text, source, span: value.span, factoryProvider: null, ...(value.origin ? { from: value.origin } : {}) };
    return { model: null, expression: sourceLike(value), span: value.span, factoryProvider: null };
  }
  if (value.kind === 'opaque') {
    const fallback = value.defaultValue;
    if (fallback?.kind === 'string' && (value.origin === 'parameter' || value.defaultKind)) {
      const text = stringText(fallback);
      const variable = value.defaultKind === 'env-default' ? defaultedVariableOf(value.definition ?? value.text) : undefined;
      if (text !== null) return { model: text, source: value.defaultKind ?? 'default-argument', span: fallback.span, factoryProvider: null, ...(fallback.origin ? { from: fallback.origin } : {}), ...(variable ? { variable } : {}) };
    }
    const constant = sdkModelConstant(value.text);
    if (constant) return { model: constant, source: 'constant', span: value.span, factoryProvider: null };
    // An environment read with no default in code: the literal a workspace `.env`/`.env.example` gives it.
    const variable = value.origin === 'environment' && envDefault ? environmentVariableOf(value.definition ?? value.text) : null;
    const dotenv = variable ? envDefault!(variable) : null;
    if (dotenv) return { model: dotenv.value, source: 'dotenv', span: value.span, factoryProvider: null, from: { file: dotenv.file, line: dotenv.line }, variable: variable! };
    const branches = value.alternatives?.map((branch) => (branch.kind === 'string' ? stringText(branch) : null));
    if (branches && branches.length === 2 && branches.every((branch): branch is string => branch !== null && branch !== '')) {
      return { model: branches[0], source: 'conditional', alternatives: branches, span: value.alternatives![0].span, factoryProvider: null };
    }
    return { model: null, expression: value.definition ?? value.text, span: value.span, factoryProvider: null };
  }
  if (value.kind === 'call') {
    // AI SDK: openai('gpt-4o'), openai.chat('gpt-4o'), anthropic.messages(...)? , a createOpenAI() instance.
    const root = value.path[0] ?? '';
    let factory: string | null = KNOWN_FACTORIES.get(root.toLowerCase()) ?? null;
    // `const gateway = createOpenAI({...}); gateway('gpt-4o')`: the receiver is the factory's creation call.
    if (!factory && value.receiver?.kind === 'call') factory = KNOWN_FACTORIES.get((value.receiver.path[value.receiver.path.length - 1] ?? '').toLowerCase()) ?? null;
    // A model object naming its model (`OpenAIChatCompletionsModel(model="gemini-2.0-flash", openai_client=…)`, `LitellmModel(model=…)`).
    const wrapped = /Model$/.test(value.path[value.path.length - 1] ?? '') ? valueOf(value, 'model') : undefined;
    if (wrapped) {
      const inner = resolveModel(wrapped, false, callSpan);
      if (inner.model !== null) return inner;
    }
    // Outside the AI SDK a call is a config lookup (`config.get('MODEL', 'gpt-4o')`), not a model literal.
    const argument = factoriesAllowed || factory ? value.positional[0] : undefined;
    const inner = argument ? resolveModel(argument, false, callSpan) : null;
    if (inner && inner.model !== null) return { ...inner, factoryProvider: factory };
    return { model: null, expression: value.text, span: value.span, factoryProvider: factory };
  }
  return { model: null, expression: '', span: value.span, factoryProvider: null };
}

/**
 * The model id an SDK's model constant stands for: go-openai `openai.GPT4oMini`, openai-go `openai.ChatModelGPT4_1`,
 * anthropic-sdk-go `anthropic.ModelClaudeSonnet4_5`, Java `ChatModel.GPT_4O_MINI`, `Model.CLAUDE_3_5_HAIKU_LATEST`.
 */
const MODEL_NAME_WORDS = /^(\d+|\d+O|O\d?|GPT|CLAUDE|MINI|NANO|TURBO|LATEST|PREVIEW|SONNET|HAIKU|OPUS|INSTRUCT)$/;

export function sdkModelConstant(text: string): string | null {
  const trimmed = text.trim();
  const match = /^(?:(?:\w*openai\w*|\w*anthropic\w*|ChatModel|Model|OpenAiChatModelName|AnthropicChatModelName)\.)?(?:ChatModel|Model)?((?:GPT|Gpt|O\d|Claude|CLAUDE|gpt|o\d)\w*)$/.exec(trimmed);
  if (!match) return null;
  let name = match[1];
  // Java enums (`ChatModel.GPT_4O`, LangChain4j `GPT_4_O_MINI`, statically imported) are upper snake case; Go constants
  // (`goopenai.GPT4oMini`, lower-case package) camel case.
  const javaEnum = /^[A-Z0-9_]+$/.test(name) && name.includes('_') && !/^[a-z]\w*\./.test(trimmed);
  // A bare name is a statically imported enum constant only when every part is a model-name word (not `CLAUDE_MODEL`).
  if (!trimmed.includes('.') && !(javaEnum && name.split('_').every((part) => MODEL_NAME_WORDS.test(part)))) return null;
  if (javaEnum) name = name.toLowerCase().replace(/_/g, '-').replace(/^gpt-(\d)-o(?=$|-)/, 'gpt-$1o');
  else {
    name = name.replace(/Dot/g, '.');
    const gpt = /^g/i.test(name);
    name = name.replace(/_/g, gpt ? '.' : '-').replace(/(?<=[a-z.])(?=[A-Z])|(?<=\d)(?=[A-Z])|(?<=[A-Za-z]{2})(?=\d)/g, '-').toLowerCase();
  }
  // Enum style writes `GPT_4_1` for `gpt-4.1` and `GPT_3_5_TURBO` for `gpt-3.5-turbo`.
  if (name.startsWith('gpt-')) name = name.replace(/^gpt-(\d)-(\d)(?=$|-)/, 'gpt-$1.$2');
  return name;
}

/** An AI SDK factory bound to a name (`const groq = createGroq(...)`) arrives as a call on an opaque root. */
function sourceLike(value: CodeValue): string {
  if (value.kind === 'string') return value.segments.map((segment) => (segment.kind === 'static' ? segment.text : segment.raw)).join('');
  return value.kind === 'opaque' ? value.text : '';
}

interface CapResult {
  value: OutputCap;
  parameter?: string;
  span?: Span;
}

function findCap(sources: ObjectValue[], entry: SdkShape): CapResult {
  const keys = entry.capKeys ?? CAP_PARAMETERS;
  for (const source of sources) {
    const direct = entryOf(source, ...keys);
    if (direct) return capFromEntry(direct);
    if (entry.capNestedIn) {
      const config = entryOf(source, ...entry.capNestedIn);
      if (config) {
        const nested = entryOf(config.value, ...keys);
        if (nested) return capFromEntry(nested);
        if (isOpen(config.value)) return { value: 'non-literal' };
      }
    }
  }
  if (sources.some((source) => isOpen(source))) return { value: 'non-literal' };
  return { value: null };
}

/** The tier a literal value (or an SDK enum member such as `types.ServiceTier.FLEX`) asks for; undefined when unknown. */
function findServiceTier(sources: ObjectValue[], parameter: ServiceTierParameter): ServiceTier | undefined {
  for (const source of sources) {
    const found = entryOf(source, ...parameter.keys) ?? (parameter.nestedIn ? entryOf(valueOf(source, ...parameter.nestedIn), ...parameter.keys) : undefined);
    if (!found) continue;
    const value = found.value;
    const written = stringText(value) ?? (value.kind === 'opaque' ? /\bServiceTier\.(\w+)$/.exec(value.text)?.[1] ?? null : null);
    return written === null ? undefined : parameter.values.get(written.trim().toLowerCase()) ?? undefined;
  }
  return undefined;
}

/** The reasoning settings in the first source that has any (REASONING_PARAMETERS, inside REASONING_CONTAINERS). */
function findReasoning(sources: ObjectValue[]): ReasoningSetting | undefined {
  for (const source of sources) {
    for (const container of REASONING_CONTAINERS) {
      let holder: CodeValue | undefined = source;
      const prefix: string[] = [];
      for (const names of container) {
        const found = entryOf(holder, ...names);
        holder = found?.value;
        if (found) prefix.push(found.key);
        else break;
      }
      if (!holder || prefix.length !== container.length) continue;
      const setting = reasoningIn(holder, prefix);
      if (setting) return setting;
    }
  }
  return undefined;
}

function reasoningIn(holder: CodeValue, prefix: string[]): ReasoningSetting | undefined {
  let setting: ReasoningSetting | undefined;
  for (const parameter of REASONING_PARAMETERS) {
    let value: CodeValue | undefined = holder;
    const keys = [...prefix];
    let entry: ObjectEntry | undefined;
    for (const names of parameter.path) {
      entry = entryOf(value, ...names);
      if (!entry) break;
      keys.push(entry.key);
      value = entry.value;
    }
    if (!entry || keys.length !== prefix.length + parameter.path.length) continue;
    const found: ReasoningSetting = setting ?? { parameter: keys.join('.'), span: entry.value.span };
    const text = entry.value.kind === 'string' ? stringText(entry.value) : null;
    const number = entry.value.kind === 'number' ? entry.value.value : null;
    if (parameter.reads === 'effort') {
      if (text !== null) found.effort = text.toLowerCase();
      else found.nonLiteral = true;
    } else if (parameter.reads === 'budget') {
      // Gemini: 0 switches thinking off, -1 lets the model decide.
      if (number === 0) found.disabled = true;
      else if (number === -1) found.dynamic = true;
      else if (number !== null && Number.isSafeInteger(number) && number > 0) found.budgetTokens = number;
      else found.nonLiteral = true;
    } else if (text !== null) {
      const type = text.toLowerCase();
      if (type === 'disabled') found.disabled = true;
      else if (type === 'adaptive') found.dynamic = true;
    }
    // The first parameter found names the setting; later ones (a thinking type beside its budget) add to it.
    if (!setting) {
      found.parameter = keys.join('.');
      found.span = entry.value.span;
    }
    setting = found;
  }
  return setting;
}

function capFromEntry(entry: ObjectEntry): CapResult {
  const value = numericValue(entry.value);
  if (value === 'absent') return { value: null, parameter: entry.key, span: entry.value.span };
  return { value, parameter: entry.key, span: entry.value.span };
}

function numericValue(value: CodeValue): number | 'non-literal' | 'absent' {
  // A negative, fractional or astronomically large literal is no cap the API accepts: the output is not capped.
  if (value.kind === 'number') return Number.isSafeInteger(value.value) && value.value >= 0 ? value.value : 'absent';
  if (value.kind === 'null') return 'absent';
  // Go `openai.Int(300)`, `param.NewOpt(300)`, Python `int(300)`: a wrapper around a literal.
  if (value.kind === 'call' && value.positional.length === 1 && /^(Int|Int32|Int64|F|NewOpt|Opt|int|Some)$/.test(value.path[value.path.length - 1] ?? '')) return numericValue(value.positional[0]);
  // Including a parameter with a default (`max_tokens=400`): callers may pass any cap, so it is not static.
  return 'non-literal';
}


/**
 * A JSON request body: what an encoder call encodes (`json.dumps({...})`, `JSON.stringify(payload)`, `json.Marshal(…)`,
 * `SdkBytes.fromUtf8String(…)`), a Java `put` chain, JSON text in a string, or the object itself; anything else may
 * hold any option.
 */
function jsonBodyOf(value: CodeValue | undefined, span: Span): ObjectValue | null {
  if (!value) return null;
  if (value.kind === 'call' && JSON_ENCODERS.test(value.path[value.path.length - 1] ?? '') && value.positional[0]) return jsonBodyOf(value.positional[0], span);
  // `new JSONObject().put("inputText", …).toString()`: the encoder's receiver is the body.
  if (value.kind === 'call' && JSON_ENCODERS.test(value.path[value.path.length - 1] ?? '') && value.receiver) return jsonBodyOf(value.receiver, span);
  const text = value.kind === 'call' ? replacedString(value) : value;
  const built = putChainObject(value) ?? (text?.kind === 'string' ? jsonTextValue(text) : null);
  if (built?.kind === 'object') return built;
  if (value.kind === 'object') return value;
  return { kind: 'object', span, entries: [], openSpreads: [value] };
}

/**
 * `template.replace("{{claim}}", text)` (Java, C#, JS, Python) on a known string: the template with each occurrence
 * of the literal pattern replaced by the replacement (a placeholder named by its source when it is not literal).
 */
function replacedString(call: Extract<CodeValue, { kind: 'call' }>): Extract<CodeValue, { kind: 'string' }> | null {
  const template = call.receiver;
  const pattern = stringText(call.positional[0]);
  const replacement = call.positional[1];
  if (!/^(replace|Replace|replaceAll)$/.test(call.path[call.path.length - 1] ?? '') || template?.kind !== 'string' || !pattern || !replacement || call.positional.length !== 2) return null;
  const inserted: PromptSegment[] = replacement.kind === 'string' ? replacement.segments : [{ kind: 'dynamic', name: replacement.kind === 'opaque' ? replacement.text : call.text, raw: pattern, span: replacement.span }];
  const segments = template.segments.flatMap((segment): PromptSegment[] => {
    if (segment.kind !== 'static') return [segment];
    return segment.text.split(pattern).flatMap((piece, index): PromptSegment[] => [...(index > 0 ? inserted : []), ...(piece ? [{ ...segment, text: piece }] : [])]);
  });
  return { kind: 'string', span: call.span, segments };
}

/** A Java JSON builder chain (`new JSONObject().put("a", 1).put("b", new JSONObject().put(…))`) as an object, nested builders included. */
function putChainObject(value: CodeValue): ObjectValue | null {
  const entries: ObjectEntry[] = [];
  let link: CodeValue | null = value;
  while (link?.kind === 'call' && JSON_PUT_METHODS.has(link.path[link.path.length - 1] ?? '') && link.positional.length === 2) {
    const key = stringText(link.positional[0]);
    if (key === null) return null;
    const nested: CodeValue = link.positional[1];
    entries.unshift({ key, keySpan: link.positional[0].span, value: putChainObject(nested) ?? nested });
    link = link.receiver;
  }
  return entries.length ? { kind: 'object', span: value.span, entries, openSpreads: [] } : null;
}

/**
 * JSON written as text (a Java text block, a C# raw string) whose run-time parts sit inside its strings:
 * `{"max_tokens": 512, "messages": [{"content": "{{claim}}"}]}.replace("{{claim}}", text)` reads as that object, each
 * run-time part kept as a placeholder. Text that is not JSON once its parts are filled in is not read.
 */
function jsonTextValue(value: Extract<CodeValue, { kind: 'string' }>): CodeValue | null {
  const dynamic: PromptSegment[] = [];
  const text = value.segments.map((segment) => (segment.kind === 'static' ? segment.text : `\uE000${dynamic.push(segment) - 1}\uE001`)).join('');
  if (!/^\s*\{/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const span = value.span;
  const convert = (item: unknown): CodeValue => {
    if (typeof item === 'number') return { kind: 'number', span, value: item };
    if (typeof item === 'string') {
      const segments: PromptSegment[] = item.split(/\uE000(\d+)\uE001/).flatMap((piece, index): PromptSegment[] => (index % 2 === 1 ? [dynamic[Number(piece)]] : piece ? [{ kind: 'static', text: piece, span }] : []));
      return { kind: 'string', span, segments };
    }
    if (Array.isArray(item)) return { kind: 'array', span, items: item.map(convert), open: false };
    if (item && typeof item === 'object') return { kind: 'object', span, entries: Object.entries(item).map(([key, entry]) => ({ key, keySpan: span, value: convert(entry) })), openSpreads: [] };
    return opaque(span, JSON.stringify(item));
  };
  return convert(parsed);
}

/** The options a Gemini chat session was opened with: `chats.create({ model, config, history })`, or `start_chat(history=…)` on a `GenerativeModel`. */
function chatSessionOptions(receiver: CodeValue | null): ObjectValue | null {
  if (!isChatSession(receiver)) return null;
  const own = optionsOf({ positional: receiver.positional, named: receiver.named, openSpreads: receiver.openSpreads }, true);
  if (receiver.path[receiver.path.length - 1] === 'create') return own;
  const model = generativeModelOptions(receiver.receiver);
  return { kind: 'object', span: receiver.span, entries: [...(model?.entries ?? []), ...own.entries], openSpreads: [...(model?.openSpreads ?? []), ...own.openSpreads] };
}

function callAsObject(call: Extract<CodeValue, { kind: 'call' }>): ObjectValue {
  return { kind: 'object', span: call.span, entries: call.named, openSpreads: call.openSpreads };
}

/** `new ChatClient(model: "gpt-4o", …)` / `client.GetChatClient("gpt-4o")`: the model a .NET chat client is bound to. */
function chatClientOptions(receiver: CodeValue | null): ObjectValue | null {
  if (!receiver || receiver.kind !== 'call') return null;
  const name = receiver.path[receiver.path.length - 1] ?? '';
  if (!/(ChatClient|ChatCompletionService|ResponseClient|ResponsesClient)$/.test(name)) return null;
  const model = valueOf(receiver, 'model', 'modelId', 'deploymentName', 'deployment') ?? receiver.positional[0];
  return { kind: 'object', span: receiver.span, entries: model ? [{ key: 'model', keySpan: model.span, value: model }] : [], openSpreads: [] };
}

/** .NET option objects passed beside the messages: OpenAI `ChatCompletionOptions`, Semantic Kernel `OpenAIPromptExecutionSettings`. */
const DOTNET_OPTIONS = /(Options|ExecutionSettings)$/;

/** .NET `CompleteChat(messages, options)` or `CompleteChat(new SystemChatMessage(…), new UserChatMessage(…))` or a string. */
function dotNetMessages(args: CallArguments): CollectedMessages {
  const collector = new MessageCollector();
  for (const arg of args.positional) {
    if (arg.kind === 'array') collector.addList(arg, 'user');
    else if (arg.kind === 'call' && DOTNET_OPTIONS.test(arg.path[arg.path.length - 1] ?? '')) continue;
    else if (arg.kind === 'opaque' && /options|settings/i.test(arg.text)) continue;
    else collector.addItem(arg, 'user');
  }
  return { messages: collector.messages, linkedFile: collector.linkedFile };
}

/** `genAI.getGenerativeModel({...})` / `genai.GenerativeModel("…", ...)`: the options the model was created with. */
function generativeModelOptions(receiver: CodeValue | null): ObjectValue | null {
  if (!receiver || receiver.kind !== 'call') return null;
  const name = receiver.path[receiver.path.length - 1] ?? '';
  if (!/^(getGenerativeModel|GenerativeModel|get_generative_model)$/.test(name)) return null;
  const entries: ObjectEntry[] = [];
  const first = receiver.positional[0];
  if (first?.kind === 'object') entries.push(...first.entries);
  else if (first) entries.push({ key: 'model', keySpan: first.span, value: first });
  entries.push(...receiver.named);
  return { kind: 'object', span: receiver.span, entries, openSpreads: first?.kind === 'object' ? first.openSpreads : receiver.openSpreads };
}

// ---- messages ----------------------------------------------------------------------------------------------

interface CollectedMessages {
  messages: PromptMessage[];
  linkedFile: string | null;
}

/** Last two callee names of content parts that carry bytes, an image or a file reference rather than text. */
const NON_TEXT_PART = /bytes|uri$|url$|(^|\.)image\.|(from|load|read)_?image|blob|base64|inline_?data|file_?data|audio|video|files\.upload|upload_?file/i;

class MessageCollector {
  readonly messages: PromptMessage[] = [];
  linkedFile: string | null = null;

  /** A message whose content is a string, blocks, parts or an opaque value. */
  add(role: string, content: CodeValue | undefined, span?: Span): void {
    if (!content) return;
    const { segments, cacheBreakpoint } = this.contentSegments(content, 0);
    const message: PromptMessage = { role, segments, span: span ?? content.span };
    if (cacheBreakpoint) message.cacheBreakpoint = true;
    this.messages.push(message);
  }

  /** An array of messages: `{ role, content }` objects, `(role, text)` tuples, message constructors. */
  addList(list: CodeValue | undefined, defaultRole: string): void {
    if (!list || list.kind === 'null') return;
    if (list.kind !== 'array') {
      // A string, or messages built elsewhere (`messages: history`): the latter is one placeholder.
      this.add(defaultRole, list);
      return;
    }
    for (const item of list.items) this.addItem(item, defaultRole);
  }

  addItem(item: CodeValue, defaultRole: string): void {
    if (item.kind === 'object') {
      const role = normaliseRole(roleText(valueOf(item, 'role', 'Role')) ?? defaultRole);
      const content = valueOf(item, 'content', 'parts', 'text', 'Content');
      const cache = Boolean(entryOf(item, 'cache_control', 'cacheControl'));
      const before = this.messages.length;
      this.add(role, content, item.span);
      if (cache && this.messages.length > before) this.messages[this.messages.length - 1].cacheBreakpoint = true;
    } else if (item.kind === 'array' && item.items.length === 2 && item.items[0].kind === 'string') {
      this.add(normaliseRole(stringText(item.items[0]) ?? defaultRole), item.items[1], item.span);
    } else if (item.kind === 'opaque' && item.origin === 'unresolved') {
      // The rest of a list a work limit cut: one message of unknown size, not one per item.
      this.add(defaultRole, { ...item, text: UNRESOLVED_MESSAGES });
    } else if (item.kind === 'string' || item.kind === 'opaque') {
      this.add(defaultRole, item);
    } else if (item.kind === 'call') {
      // `ChatMessage(role="user", content=…)`: a message built with named fields.
      // `ChatMessage(role="user", content=…)`, C# `new Message { Role = ConversationRole.User, Content = … }`.
      const namedRole = roleText(valueOf(callAsObject(item), 'role', 'Role'));
      if (namedRole && entryOf(callAsObject(item), 'content', 'Content')) {
        this.add(normaliseRole(namedRole), valueOf(callAsObject(item), 'content', 'Content'), item.span);
        return;
      }
      const role = roleOfMessageConstructor(item.path[item.path.length - 1] ?? '');
      if (!role) {
        this.add(defaultRole, item);
        return;
      }
      const content = item.positional[0] ?? valueOf(item, 'content', 'text', 'Content');
      this.add(role, content, item.span);
    }
  }

  /** A conditional's branches as prompt text, when at least one has literal text. */
  private alternativeTexts(content: OpaqueValue, depth: number): { alternatives?: PromptSegment[][] } {
    if (!content.alternatives) return {};
    const alternatives = content.alternatives.map((branch) => this.contentSegments(branch, depth + 1).segments);
    return alternatives.some((segments) => segments.some((segment) => segment.kind === 'static')) ? { alternatives } : {};
  }

  private contentSegments(content: CodeValue, depth: number): { segments: PromptSegment[]; cacheBreakpoint: boolean } {
    if (depth > 6) return { segments: [], cacheBreakpoint: false };
    switch (content.kind) {
      case 'string':
        return { segments: content.segments, cacheBreakpoint: false };
      case 'array': {
        const segments: PromptSegment[] = [];
        let cacheBreakpoint = false;
        for (const block of content.items) {
          if (block.kind === 'object') {
            const type = stringText(valueOf(block, 'type'));
            if (type && !/text/.test(type)) continue;
            const text = valueOf(block, 'text', 'content', 'Text', 'Value');
            if (text) segments.push(...this.contentSegments(text, depth + 1).segments);
            if (entryOf(block, 'cache_control', 'cacheControl')) cacheBreakpoint = true;
          } else {
            const inner = this.contentSegments(block, depth + 1);
            segments.push(...inner.segments);
            cacheBreakpoint ||= inner.cacheBreakpoint;
          }
        }
        return { segments, cacheBreakpoint };
      }
      case 'object': {
        // Gemini `{ parts: [{ text }] }`, a single block `{ type: 'text', text }`.
        const inner = valueOf(content, 'parts', 'text', 'content', 'Text', 'Value');
        const result = inner ? this.contentSegments(inner, depth + 1) : { segments: [], cacheBreakpoint: false };
        return { segments: result.segments, cacheBreakpoint: result.cacheBreakpoint || Boolean(entryOf(content, 'cache_control', 'cacheControl')) };
      }
      case 'opaque':
        // Text read from a file the path names is counted as that file; a read from a run-time path is a placeholder.
        if (content.origin === 'file' && content.linkedFile) {
          this.linkedFile ??= content.linkedFile;
          // A prompt file inside the workspace (issue 18): its text is what the call sends.
          if (content.linkedText) return { segments: linkedSegments(content.linkedText, content.engine), cacheBreakpoint: false };
          return { segments: [], cacheBreakpoint: false };
        }
        {
          // `context = "\n".join(docs)` sent as `context`: the list it joins, from the expression it was bound to.
          const joins = joinedListOf(content.definition);
          return { segments: [{ kind: 'dynamic', name: content.text.trim(), raw: content.text, span: content.span, ...this.alternativeTexts(content, depth), ...(joins ? { joins } : {}) }], cacheBreakpoint: false };
        }
      case 'call': {
        // `NewTextBlock("…")`, `types.Part.from_text(text="…")`, `TextBlockParam(...)`: text in a content block.
        const callee = content.path[content.path.length - 1] ?? '';
        // `types.Part.from_bytes(…)`, `createPartFromUri(…)`, `Image.open(…)`: image, audio and file parts are not prompt text.
        if (content.boundName === undefined && NON_TEXT_PART.test(content.path.slice(-2).join('.'))) return { segments: [], cacheBreakpoint: false };
        if (content.boundName === undefined && /text|block|part|content/i.test(callee) && !/^(read|load|get|fetch)/i.test(callee)) {
          const inner = content.positional.find((arg) => arg.kind === 'string') ?? valueOf(content, 'text', 'content', 'Text') ?? content.positional[0];
          if (inner) return this.contentSegments(inner, depth + 1);
        }
        const name = content.boundName ?? content.text.trim();
        const joins = content.boundName !== undefined ? joinedListOf(content.text) : undefined;
        return { segments: [{ kind: 'dynamic', name, raw: name, span: content.boundSpan ?? content.span, ...(joins ? { joins } : {}) }], cacheBreakpoint: false };
      }
      case 'number':
        return { segments: [{ kind: 'static', text: String(content.value), span: content.span }], cacheBreakpoint: false };
      default:
        return { segments: [], cacheBreakpoint: false };
    }
  }
}

/** A role as a string, or an SDK's role constant (go-openai `openai.ChatMessageRoleSystem`, Bedrock `types.ConversationRoleUser`). */
function roleText(value: CodeValue | undefined): string | null {
  if (value?.kind === 'opaque') return /Role\.?(System|User|Assistant|Developer|Tool)$/i.exec(value.text)?.[1] ?? null;
  return stringText(value);
}

function normaliseRole(role: string): string {
  const lower = role.toLowerCase();
  if (lower === 'human') return 'user';
  if (lower === 'ai' || lower === 'model' || lower === 'chatbot') return 'assistant';
  return lower;
}

function roleOfMessageConstructor(name: string): string | null {
  if (/^(SystemMessage|SystemChatMessage|NewSystemMessage|CreateSystemMessage|system|SystemMessageParam)$/i.test(name)) return 'system';
  if (/^(DeveloperMessage|DeveloperChatMessage|CreateDeveloperMessage|developer)$/i.test(name)) return 'developer';
  if (/^(HumanMessage|UserChatMessage|UserMessage|NewUserMessage|CreateUserMessage|user|UserMessageParam)$/i.test(name)) return 'user';
  if (/^(AIMessage|AssistantChatMessage|AssistantMessage|NewAssistantMessage|CreateAssistantMessage|assistant)$/i.test(name)) return 'assistant';
  return null;
}

function collectMessages(layout: MessageLayout, opts: ObjectValue, args: CallArguments, receiverOptions: ObjectValue | null, positionalPrompt: boolean, positionalMessages?: number): CollectedMessages {
  if (layout === 'dotnet-chat') return dotNetMessages(args);
  const collector = new MessageCollector();
  switch (layout) {
    case 'chat': {
      const positional = positionalMessages === undefined ? undefined : args.positional[positionalMessages];
      collector.addList(valueOf(opts, 'messages', 'Messages') ?? (positional?.kind === 'object' ? undefined : positional), 'user');
      break;
    }
    case 'responses': {
      collector.add('system', valueOf(opts, 'instructions', 'Instructions'));
      const input = valueOf(opts, 'input', 'Input');
      if (input?.kind === 'array') collector.addList(input, 'user');
      else collector.add('user', input);
      break;
    }
    case 'anthropic': {
      const system = valueOf(opts, 'system', 'System');
      if (system) {
        if (system.kind === 'array') {
          const before = collector.messages.length;
          collector.add('system', system);
          if (collector.messages.length > before && system.items.some((block) => entryOf(block, 'cache_control', 'cacheControl'))) collector.messages[collector.messages.length - 1].cacheBreakpoint = true;
        } else collector.add('system', system);
      }
      collector.addList(valueOf(opts, 'messages', 'Messages'), 'user');
      break;
    }
    case 'google': {
      const config = valueOf(opts, 'config', 'Config');
      const system = valueOf(config, 'systemInstruction', 'system_instruction') ?? valueOf(receiverOptions, 'systemInstruction', 'system_instruction') ?? valueOf(opts, 'systemInstruction', 'system_instruction');
      collector.add('system', system);
      const contents = valueOf(opts, 'contents', 'Contents') ?? (receiverOptions || args.positional[0]?.kind !== 'object' ? args.positional[0] : undefined);
      if (contents?.kind === 'array' && contents.items.every((item) => item.kind !== 'object' || !entryOf(item, 'role'))) {
        // A list of parts (`[prompt, image]`) is one user turn.
        if (contents.items.some((item) => item.kind === 'object' && entryOf(item, 'parts'))) collector.addList(contents, 'user');
        else collector.add('user', contents);
      } else if (contents?.kind === 'array') collector.addList(contents, 'user');
      else collector.add('user', contents);
      break;
    }
    case 'ai-sdk': {
      // Also Ollama's `generate` (Go `GenerateRequest{System, Prompt}`).
      collector.add('system', valueOf(opts, 'system', 'instructions', 'System'));
      const prompt = valueOf(opts, 'prompt', 'Prompt');
      if (prompt?.kind === 'array') collector.addList(prompt, 'user');
      else collector.add('user', prompt);
      collector.addList(valueOf(opts, 'messages', 'Messages'), 'user');
      break;
    }
    case 'litellm':
      collector.addList(valueOf(opts, 'messages') ?? args.positional[1], 'user');
      collector.add('user', valueOf(opts, 'prompt'));
      break;
    case 'google-chat': {
      const config = valueOf(receiverOptions, 'config', 'Config');
      collector.add('system', valueOf(config, 'systemInstruction', 'system_instruction') ?? valueOf(receiverOptions, 'systemInstruction', 'system_instruction'));
      collector.addList(valueOf(receiverOptions, 'history'), 'user');
      collector.add('user', valueOf(opts, 'message') ?? (args.positional[0]?.kind === 'object' ? undefined : args.positional[0]));
      break;
    }
    case 'cohere': {
      // v2: `messages`; v1: `preamble` (system), `chat_history`, then `message`.
      collector.add('system', valueOf(opts, 'preamble'));
      collector.addList(valueOf(opts, 'chat_history', 'chatHistory'), 'user');
      collector.add('user', valueOf(opts, 'message'));
      collector.addList(valueOf(opts, 'messages'), 'user');
      break;
    }
    case 'bedrock-native': {
      // Anthropic (`system`, `messages`), Llama and Mistral (`prompt`), Titan (`inputText`).
      collector.add('system', valueOf(opts, 'system', 'System'));
      collector.addList(valueOf(opts, 'messages', 'Messages'), 'user');
      collector.add('user', valueOf(opts, 'prompt', 'inputText', 'Prompt', 'InputText'));
      break;
    }
    case 'agent': {
      for (const key of ['instructions', 'system_prompt', 'systemPrompt', 'system']) collector.add('system', valueOf(opts, key));
      const prompt = valueOf(opts, 'prompt') ?? (positionalPrompt && args.positional[0]?.kind !== 'object' ? args.positional[0] : undefined);
      if (prompt?.kind === 'array') collector.addList(prompt, 'user');
      else collector.add('user', prompt);
      collector.addList(valueOf(opts, 'messages'), 'user');
      break;
    }
    case 'prompt':
      collector.add('user', valueOf(opts, 'prompt', 'Prompt'));
      break;
    default:
      break;
  }
  return { messages: collector.messages, linkedFile: collector.linkedFile };
}

// ---- provider ------------------------------------------------------------------------------------------------

const PREFIX_PROVIDERS: ReadonlyMap<string, string> = new Map([['gemini', 'google'], ['vertex_ai', 'google'], ['vertex_ai_beta', 'google'], ['google', 'google'], ['google-gla', 'google'], ['google-vertex', 'google'], ['grok', 'xai']]);

/** Prefixes that name a provider or gateway route; others (`meta-llama/`, `Qwen/`) name the model's publisher. */
const PROVIDER_PREFIXES = new Set(['openai', 'anthropic', 'google', 'gemini', 'vertex_ai', 'vertex_ai_beta', 'groq', 'deepseek', 'mistral', 'xai', 'cohere', 'together_ai', 'bedrock', 'azure', 'azure_ai', 'perplexity', 'fireworks_ai', 'openrouter', 'ollama', 'huggingface', 'cerebras', 'replicate', 'google-gla', 'google-vertex', 'grok']);

function providerFromPrefix(model: string | null): string | null {
  if (!model) return null;
  // `openai/gpt-4o` (LiteLLM, DSPy) and pydantic-ai's `openai:gpt-4o`, `google-gla:gemini-…`.
  const match = /^([a-z][\w-]*)\//i.exec(model) ?? /^([a-z][a-z-]*):(?=[a-z])/i.exec(model);
  if (!match) return null;
  const prefix = match[1].toLowerCase();
  if (!PROVIDER_PREFIXES.has(prefix)) return null;
  return PREFIX_PROVIDERS.get(prefix) ?? prefix;
}

function providerFromFamily(model: string | null): string | null {
  if (!model) return null;
  const name = model.toLowerCase().replace(/^.*\//, '');
  if (/^(gpt|o[1-9]|chatgpt|text-davinci|davinci|codex)/.test(name)) return 'openai';
  if (/^claude/.test(name)) return 'anthropic';
  if (/^(gemini|gemma)/.test(name)) return 'google';
  return null;
}

/** The model's vendor in a Bedrock model id (`us.anthropic.claude-…-v2:0` → anthropic, `meta.llama3-…` → meta). */
function bedrockVendor(model: string | null): string | null {
  const match = /^(?:(?:us|eu|apac|ap|jp|au|ca|global|us-gov)\.)?(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer)\./.exec(model ?? '');
  return match ? match[1] : null;
}

/** Providers named by an SDK class (`AnthropicChatModel`, LlamaIndex `MistralAI`) or a request URL's host, first match wins. */
const NAMED_PROVIDERS: readonly [RegExp, string][] = [
  [/azure|openai/i, 'openai'],
  [/anthropic|claude/i, 'anthropic'],
  [/gemini|vertex|google|generativelanguage/i, 'google'],
  [/bedrock/i, 'bedrock'],
  [/ollama|:11434/i, 'ollama'],
  [/mistral/i, 'mistral'],
  [/groq/i, 'groq'],
  [/cohere/i, 'cohere'],
  [/deepseek/i, 'deepseek'],
  [/openrouter/i, 'openrouter'],
  [/together/i, 'together'],
  [/fireworks/i, 'fireworks'],
  [/api\.x\.ai|^xai|grok/i, 'xai'],
];

function namedProvider(name: string | null): string | null {
  if (!name) return null;
  return NAMED_PROVIDERS.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** The provider of a request URL's host (`https://api.anthropic.com/…`); a host it does not know names none. */
function urlProvider(url: string | null): string | null {
  const host = /^(?:https?:)?\/\/([^/?#]+)/i.exec(url ?? '')?.[1] ?? null;
  return namedProvider(host);
}

function providerOf(sources: readonly ProviderSource[], model: string | null, factoryProvider: string | null, named: { className: string | null; url: string | null }): string | null {
  for (const source of sources) {
    const provider =
      source === 'factory' ? factoryProvider : source === 'prefix' ? providerFromPrefix(model) : source === 'family' ? providerFromFamily(model) : source === 'bedrock-vendor' ? bedrockVendor(model) : source === 'class' ? namedProvider(named.className) : source === 'url' ? urlProvider(named.url) : source.fixed;
    if (provider) return provider;
  }
  return null;
}

/**
 * A prompt file's text as a call sends it: whole, or as its template engine renders it (placeholders for values,
 * the engine's whitespace rules). Pieces say the line of the file they start on; no span (they are another file's).
 */
function linkedSegments(linked: { file: string; text: string }, engine: TemplateEngine | 'langchain-serialized' | undefined): PromptSegment[] {
  if (!engine) return [{ kind: 'static', text: linked.text, source: { file: linked.file, line: 1 } }];
  const lineStarts = [0];
  for (let i = linked.text.indexOf('\n'); i !== -1; i = linked.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  let segments: PromptSegment[];
  if (engine === 'langchain-serialized') {
    // The serialized prompt's template as LangChain formats it; a file that is none sends nothing we can read.
    segments = scanLangChainPrompt(linked.file, linked.text, 0).sites[0]?.messages.flatMap((message) => message.segments) ?? [];
  } else segments = templateSegments(linked.text, 0, engine);
  return segments.map((segment): PromptSegment => {
    const { span, ...rest } = segment;
    if (segment.kind === 'static') return { ...rest, source: { file: linked.file, line: span ? lineOf(span.start) : 1 } } as PromptSegment;
    return rest as PromptSegment;
  });
}
