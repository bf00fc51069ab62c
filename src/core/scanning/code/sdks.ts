// What the scanner knows about each SDK, as one table: one entry per API shape (how a call is recognised, where its
// model, cap, system prompt and messages live, the cap parameter a fix inserts, whether the system prompt is sent
// apart, the provider). The per-language callee allow-lists, the file pre-filter's marker words, the cap fix and the
// cache layout's facts are derived from it (PROVIDERS.md §2 and §4). Adding a shape: an entry here and a fixture in
// test/fixtures/code/sdks/ named by its `api`.
import type { LanguageFamily } from '../../languages';
import type { CallShape } from './adapter';
import { entryOf, isOpen, stringText, valueOf, type ObjectValue } from './values';

/** The `api` a recognised call reports (a new family adds a value; existing values keep their meaning). */
export type ApiId = string;

/** Every name an SDK uses for the output cap, most specific first. */
export const CAP_PARAMETERS = ['max_completion_tokens', 'max_output_tokens', 'maxOutputTokens', 'maxCompletionTokens', 'max_tokens', 'maxTokens', 'max_tokens_to_sample', 'MaxTokens', 'MaxCompletionTokens', 'MaxOutputTokens', 'MaxOutputTokenCount'];

export const MODEL_KEYS = ['model', 'modelName', 'model_name', 'Model', 'modelId', 'model_id'];

/** Google's generation config objects, where Gemini SDKs (and wrappers of them) take the cap. */
export const GOOGLE_CONFIG_KEYS = ['config', 'generationConfig', 'generation_config', 'Config', 'GenerationConfig'];

/** Callee names that only wrap the real method (`client.chat.completions.with_raw_response.create`). */
export const WRAPPER_NAMES: ReadonlySet<string> = new Set(['with_raw_response', 'with_streaming_response', 'withRawResponse', 'withStreamingResponse', 'WithRawResponse', 'aio', 'beta', 'Beta']);

/** What a recognition guard sees: the callee names (wrappers removed) and, on demand, the merged options. */
export interface RecognitionInput {
  shape: CallShape;
  names: readonly string[];
  options(): ObjectValue;
  /** Modules the file imports. */
  importedModules: ReadonlySet<string>;
}

/**
 * Where the messages of a call are read (the readers live in callShapes.ts):
 * - `chat`: `messages` (a list of role/content items);
 * - `responses`: `instructions` as system, `input` as a string or a list of items;
 * - `anthropic`: `system` (string or blocks with cache control), then `messages`;
 * - `google`: `config.systemInstruction` (or the model object's), then `contents` (or the first argument);
 * - `ai-sdk`: `system`, `prompt` (string or list), `messages`;
 * - `litellm`: `messages` (or the second positional argument), then `prompt`;
 * - `prompt`: a completion `prompt`;
 * - `dotnet-chat`: .NET `CompleteChat(messages…, options)` positional messages;
 * - `none`: a model object created, messages sent later.
 */
export type MessageLayout = 'chat' | 'responses' | 'anthropic' | 'google' | 'ai-sdk' | 'litellm' | 'prompt' | 'dotnet-chat' | 'none';

/** Where a call's model and cap may also come from, besides its options: the object the method is called on. */
export type ReceiverOptions = 'dotnet-chat-client' | 'google-generative-model';

/** Sources of the provider, tried in order: the AI SDK factory, the model's route prefix (`groq/…`), its family (`claude-…`), or a fixed provider. */
export type ProviderSource = 'factory' | 'prefix' | 'family' | { fixed: string };

export interface CapFix {
  /** `argument`: a top-level argument; `google-config`: a field of Google's `config` argument. */
  placement: 'argument' | 'google-config';
  /** The parameter name a quick fix inserts, per language family whose syntax the fix can write. */
  names: Partial<Record<LanguageFamily, string>>;
}

export interface SdkShape {
  /** Unique name of the shape (its fixture is test/fixtures/code/sdks/<id>.<ext>); absent: the api. */
  id?: string;
  api: ApiId;
  /** Families whose SDKs have this shape; absent: every family. */
  languages?: readonly LanguageFamily[];
  /** How the callee path (wrappers removed) is recognised. */
  callee: {
    /** Accepted last names, compared lower-case (exactly, when `exactCase`). */
    last: readonly string[];
    previous?: readonly string[];
    beforePrevious?: readonly string[];
    notBeforePrevious?: readonly string[];
    /** The longest accepted path. */
    maxNames?: number;
    /** `last` is a class or function name compared with its case (`ChatOpenAI`, `generateText`). */
    exactCase?: boolean;
  };
  /** Evidence beyond the callee (imports, option keys) a call needs; absent: the callee is enough. */
  accept?(input: RecognitionInput): boolean;
  /** The model is also read from the first positional argument (`completion("gpt-4o", …)`, `ChatOpenAI("gpt-4o")`). */
  positionalModel?: boolean;
  /** The model may be an AI SDK provider factory call (`openai('gpt-4o')`). */
  modelFactories?: boolean;
  receiverOptions?: ReceiverOptions;
  /** The receiver itself stands for the model when nothing names one (`model.generate_content(…)`). */
  receiverIsModel?: boolean;
  /** Option objects the cap may be nested in (Google's `config`). */
  capNestedIn?: readonly string[];
  messages: MessageLayout;
  /** The cap parameter a quick fix inserts; null when none is known. */
  capFix: CapFix | null;
  /** The system prompt is its own parameter, sent before the messages whatever the source order (cache layout). */
  systemSeparate: boolean;
  provider: readonly ProviderSource[];
}

/** Callee words of SDK calls that take text but generate none (images, audio, embeddings, …): their strings are not prompts. */
export const NON_GENERATION_CALLEE = /\b(images|audio|transcriptions|translations|speech|embeddings|embed\w*|moderations|fine_?[tT]uning|files|batches|count_?[tT]okens|uploads|vector_?[sS]tores)\b/;

/** Providers whose APIs take the system prompt apart from the messages (for sites whose api is not in the table). */
export const SYSTEM_SEPARATE_PROVIDERS: ReadonlySet<string> = new Set(['anthropic', 'google']);

/** Generic method names: they say a call may be interesting, never which SDK it is. Not used as marker words. */
const GENERATION_METHODS = ['create', 'parse', 'stream', 'runtools', 'new', 'newstreaming', 'acreate'];
const GENERIC_NAMES: ReadonlySet<string> = new Set(GENERATION_METHODS);

function mentionsModule(modules: ReadonlySet<string>, family: 'openai' | 'anthropic' | 'google'): boolean {
  for (const module of modules) {
    if (family === 'openai' && /(^|[/.])openai/i.test(module)) return true;
    if (family === 'anthropic' && /anthropic/i.test(module)) return true;
    if (family === 'google' && /(^|[/.@])(google|genai|generative-?ai|vertexai)/i.test(module)) return true;
  }
  return false;
}

/** A cap the fix inserts as a top-level argument of the same name in every language. */
function argumentCap(name: string): CapFix {
  return { placement: 'argument', names: { python: name, javascript: name } };
}

/** An OpenAI-style chat shape: `messages`, a cap inserted as `max_completion_tokens`, the system prompt sent in order. */
function openaiChat(shape: Pick<SdkShape, 'callee'> & Partial<SdkShape>): SdkShape {
  return { api: 'openai.chat.completions', messages: 'chat', capFix: argumentCap('max_completion_tokens'), systemSeparate: false, provider: ['prefix', { fixed: 'openai' }], ...shape };
}

const GOOGLE_CAP: CapFix = { placement: 'argument', names: { python: 'max_output_tokens', javascript: 'maxOutputTokens' } };
const LANGCHAIN_CAP: CapFix = { placement: 'argument', names: { python: 'max_tokens', javascript: 'maxTokens' } };

function langchain(className: string, provider: string, google = false): SdkShape {
  return {
    api: `langchain.${className}`,
    languages: ['python', 'javascript'],
    callee: { last: [className], maxNames: 2, exactCase: true },
    positionalModel: true,
    ...(google ? { capNestedIn: GOOGLE_CONFIG_KEYS } : {}),
    messages: 'none',
    capFix: google ? GOOGLE_CAP : LANGCHAIN_CAP,
    systemSeparate: SYSTEM_SEPARATE_PROVIDERS.has(provider),
    provider: [{ fixed: provider }],
  };
}

function aiSdk(name: string): SdkShape {
  return {
    api: `ai-sdk.${name}`,
    languages: ['javascript'],
    callee: { last: [name], exactCase: true },
    accept: ({ shape, names, options }) => {
      if (names.length !== 1 && !(names.length === 2 && shape.rootModule === 'ai')) return false;
      if (shape.rootModule === 'ai' || shape.rootModule?.startsWith('@ai-sdk/')) return true;
      // A same-named function of the project's own, unless it is clearly called with AI SDK options.
      return shape.rootModule === null && Boolean(entryOf(options(), 'model') && entryOf(options(), 'prompt', 'messages', 'system'));
    },
    modelFactories: true,
    capNestedIn: GOOGLE_CONFIG_KEYS,
    messages: 'ai-sdk',
    capFix: { placement: 'argument', names: { javascript: 'maxOutputTokens' } },
    systemSeparate: false,
    provider: ['factory', 'prefix', 'family'],
  };
}

/** The table, in recognition order: the first entry whose callee and evidence match names the call. */
export const SDK_SHAPES: readonly SdkShape[] = [
  langchain('ChatOpenAI', 'openai'),
  langchain('AzureChatOpenAI', 'openai'),
  langchain('ChatAnthropic', 'anthropic'),
  langchain('ChatGoogleGenerativeAI', 'google', true),
  langchain('ChatVertexAI', 'google', true),
  aiSdk('generateText'),
  aiSdk('streamText'),
  aiSdk('generateObject'),
  aiSdk('streamObject'),
  {
    api: 'litellm.completion',
    callee: { last: ['completion', 'acompletion', 'text_completion'] },
    accept: ({ shape, names }) => {
      if ((names.length === 1 && shape.rootModule === 'litellm') || (names.length === 2 && names[0].toLowerCase() === 'litellm')) return true;
      // `router = Router(model_list=…)` from litellm, then `router.completion(…)`.
      const receiver = names.length === 2 ? shape.receiver() : null;
      return receiver?.kind === 'call' && receiver.path[receiver.path.length - 1] === 'Router';
    },
    positionalModel: true,
    messages: 'litellm',
    capFix: argumentCap('max_tokens'),
    systemSeparate: false,
    provider: ['prefix', 'family'],
  },
  // OpenAI .NET: `chatClient.CompleteChat(…)` / `CompleteChatAsync` / `CompleteChatStreaming(Async)`.
  openaiChat({
    id: 'openai.chat.completions.dotnet',
    languages: ['csharp'],
    callee: { last: ['completechat', 'completechatasync', 'completechatstreaming', 'completechatstreamingasync'] },
    receiverOptions: 'dotnet-chat-client',
    messages: 'dotnet-chat',
  }),
  // ruby-openai: `client.chat(parameters: { model:, messages: })`.
  openaiChat({
    id: 'openai.chat.completions.ruby',
    languages: ['ruby', 'go', 'java', 'csharp'],
    callee: { last: ['chat'], maxNames: 2 },
    accept: ({ names, options }) => names.length === 2 && Boolean(entryOf(options(), 'messages')),
  }),
  openaiChat({ callee: { last: GENERATION_METHODS, previous: ['completions'], beforePrevious: ['chat'] } }),
  // openai < 1.0: `openai.ChatCompletion.create(…)`.
  openaiChat({ id: 'openai.chat.completions.legacy', callee: { last: ['create', 'acreate'], previous: ['chatcompletion'] } }),
  {
    api: 'google.generateContent',
    callee: { last: ['generatecontent', 'generate_content', 'generatecontentstream', 'generate_content_stream'] },
    // A bare `generate_content(…)` is the project's own function unless a Google SDK is imported.
    accept: ({ shape, names, importedModules }) => !(names.length === 1 && !mentionsModule(importedModules, 'google')) && !shape.constructorCall,
    receiverOptions: 'google-generative-model',
    receiverIsModel: true,
    capNestedIn: GOOGLE_CONFIG_KEYS,
    messages: 'google',
    capFix: { placement: 'google-config', names: { python: 'max_output_tokens', javascript: 'maxOutputTokens' } },
    systemSeparate: true,
    provider: [{ fixed: 'google' }],
  },
  {
    api: 'openai.responses',
    callee: { last: GENERATION_METHODS.filter((name) => name !== 'acreate'), previous: ['responses'] },
    accept: ({ options, importedModules }) => {
      const opts = options();
      return Boolean(entryOf(opts, 'model', 'input', 'instructions', 'Model', 'Input')) || (isOpen(opts) && mentionsModule(importedModules, 'openai'));
    },
    messages: 'responses',
    capFix: argumentCap('max_output_tokens'),
    systemSeparate: true,
    provider: ['prefix', { fixed: 'openai' }],
  },
  {
    api: 'anthropic.messages',
    callee: { last: GENERATION_METHODS, previous: ['messages'], notBeforePrevious: ['batches'] },
    accept: ({ names, options, importedModules }) => {
      const opts = options();
      // Twilio, Slack, Prisma and Django related managers also have `x.messages.create(...)`: require Anthropic's
      // shape and evidence of an Anthropic client (the SDK imported, its class in the callee, or a Claude model).
      const evidenced = mentionsModule(importedModules, 'anthropic') || names.some((name) => /anthropic/i.test(name)) || /^claude/i.test(stringText(valueOf(opts, ...MODEL_KEYS)) ?? '');
      if (!evidenced) return false;
      if (entryOf(opts, 'model', 'max_tokens', 'maxTokens', 'Model', 'MaxTokens')) return true;
      return isOpen(opts) && !entryOf(opts, 'body', 'to', 'from', 'channel', 'text');
    },
    messages: 'anthropic',
    capFix: argumentCap('max_tokens'),
    systemSeparate: true,
    provider: ['prefix', { fixed: 'anthropic' }],
  },
  {
    api: 'anthropic.completions',
    callee: { last: ['create', 'acreate'], previous: ['completions', 'completion'], notBeforePrevious: ['chat'] },
    accept: ({ options }) => {
      const opts = options();
      return Boolean(entryOf(opts, 'max_tokens_to_sample')) || (Boolean(entryOf(opts, 'prompt', 'model', 'engine')) && (stringText(valueOf(opts, 'model'))?.startsWith('claude') ?? false));
    },
    messages: 'prompt',
    capFix: argumentCap('max_tokens_to_sample'),
    systemSeparate: true,
    provider: ['prefix', { fixed: 'anthropic' }],
  },
  {
    api: 'openai.completions',
    callee: { last: ['create', 'acreate'], previous: ['completions', 'completion'], notBeforePrevious: ['chat'] },
    accept: ({ options }) => Boolean(entryOf(options(), 'prompt', 'model', 'engine')),
    messages: 'prompt',
    capFix: argumentCap('max_tokens'),
    systemSeparate: false,
    provider: ['prefix', { fixed: 'openai' }],
  },
];

export function shapeId(shape: SdkShape): string {
  return shape.id ?? shape.api;
}

// ---- derived lists ---------------------------------------------------------------------------------------------

/** The entries a language family's code can match. */
export function shapesFor(family: LanguageFamily): readonly SdkShape[] {
  let shapes = SHAPES_BY_FAMILY.get(family);
  if (!shapes) {
    shapes = SDK_SHAPES.filter((shape) => !shape.languages || shape.languages.includes(family));
    SHAPES_BY_FAMILY.set(family, shapes);
  }
  return shapes;
}
const SHAPES_BY_FAMILY = new Map<LanguageFamily, readonly SdkShape[]>();

/**
 * The callee last names a family's adapter keeps (lower-case, exact-case names included lower-cased): a call whose
 * last name is not here cannot match any entry, so its arguments are never resolved.
 */
export function calleeNamesFor(family: LanguageFamily): ReadonlySet<string> {
  let names = NAMES_BY_FAMILY.get(family);
  if (!names) {
    names = new Set(shapesFor(family).flatMap((shape) => shape.callee.last.map((name) => name.toLowerCase())));
    NAMES_BY_FAMILY.set(family, names);
  }
  return names;
}
const NAMES_BY_FAMILY = new Map<LanguageFamily, ReadonlySet<string>>();

/**
 * Words one of which each entry's calls must contain in their source text: the most specific names of its callee
 * (the previous name when the last one is generic, like `create`). The pre-filter reads them.
 */
export function markerWords(shape: SdkShape): string[] {
  const specificLast = shape.callee.last.filter((name) => !GENERIC_NAMES.has(name.toLowerCase()));
  if (specificLast.length === shape.callee.last.length) return specificLast.map((name) => name.toLowerCase());
  return (shape.callee.previous ?? shape.callee.last).map((name) => name.toLowerCase());
}

/** All marker words, with any word that contains a shorter one dropped (`acompletion` is found by `completion`). */
export const SDK_MARKER_WORDS: readonly string[] = (() => {
  const words = [...new Set(SDK_SHAPES.flatMap(markerWords))].sort((a, b) => a.length - b.length || a.localeCompare(b));
  return words.filter((word, index) => !words.slice(0, index).some((shorter) => word.includes(shorter)));
})();

/** Keys resolved before the others in an options object (model, cap, config), so a work limit cuts messages first. */
export const FIRST_OPTION_KEYS: ReadonlySet<string> = new Set([...MODEL_KEYS, ...CAP_PARAMETERS, ...SDK_SHAPES.flatMap((shape) => shape.capNestedIn ?? []), 'parameters']);

/** The entry describing a site's `api` (the first for that api; a longer api such as `openai.chat.completions.create` finds its prefix's). */
export function shapeForApi(api: string | null | undefined): SdkShape | undefined {
  if (!api) return undefined;
  const lower = api.toLowerCase();
  let best: SdkShape | undefined;
  for (const shape of SDK_SHAPES) {
    const own = shape.api.toLowerCase();
    if (own === lower) return shape;
    if (lower.startsWith(`${own}.`) && (!best || own.length > best.api.length)) best = shape;
  }
  return best;
}
