// What the scanner knows about each SDK, as one table: one entry per API shape (how a call is recognised, where its
// model, cap, system prompt and messages live, the cap parameter a fix inserts, whether the system prompt is sent
// apart, the provider). The per-language callee allow-lists, the file pre-filter's marker words, the cap fix and the
// cache layout's facts are derived from it (PROVIDERS.md §2 and §4). Adding a shape: an entry here and a fixture in
// test/fixtures/code/sdks/ named by its `api`.
import type { LanguageFamily } from '../../languages';
import type { ServiceTier } from '../../pricing/types';
import type { CallShape } from './adapter';
import { entryOf, isOpen, stringText, valueOf, type CallValue, type CodeValue, type ObjectEntry, type ObjectValue } from './values';

/** The `api` a recognised call reports (a new family adds a value; existing values keep their meaning). */
export type ApiId = string;

/** Every name an SDK uses for the output cap, most specific first. */
export const CAP_PARAMETERS = ['max_completion_tokens', 'max_output_tokens', 'maxOutputTokens', 'maxCompletionTokens', 'max_tokens', 'maxTokens', 'max_tokens_to_sample', 'MaxTokens', 'MaxCompletionTokens', 'MaxOutputTokens', 'MaxOutputTokenCount'];

export const MODEL_KEYS = ['model', 'modelName', 'model_name', 'Model', 'modelId', 'model_id', 'ModelId', 'chat_model'];

/** Google's generation config objects, where Gemini SDKs (and wrappers of them) take the cap. */
export const GOOGLE_CONFIG_KEYS = ['config', 'generationConfig', 'generation_config', 'Config', 'GenerationConfig'];

/** What a reasoning parameter sets: an effort or thinking level, a thinking budget in tokens, or Anthropic's thinking type. */
export type ReasoningRead = 'effort' | 'budget' | 'thinking-type';

/** A reasoning parameter: its key path from an options object (each step lists the names SDKs use), and what it sets. */
export interface ReasoningParameter {
  path: readonly (readonly string[])[];
  reads: ReasoningRead;
}

/**
 * Where calls set reasoning (PROVIDERS.md §6): OpenAI `reasoning_effort` (Chat Completions) and `reasoning: {effort}`
 * (Responses), Anthropic `thinking: {type, budget_tokens}` and `output_config: {effort}`, Gemini
 * `thinkingConfig: {thinkingBudget | thinkingLevel}`; each also in the SDKs' camelCase and Go/.NET spellings.
 */
export const REASONING_PARAMETERS: readonly ReasoningParameter[] = [
  { path: [['reasoning_effort', 'reasoningEffort', 'ReasoningEffort']], reads: 'effort' },
  { path: [['reasoning', 'Reasoning'], ['effort', 'Effort']], reads: 'effort' },
  { path: [['thinking', 'Thinking'], ['budget_tokens', 'budgetTokens', 'BudgetTokens']], reads: 'budget' },
  { path: [['thinking', 'Thinking'], ['type', 'Type']], reads: 'thinking-type' },
  { path: [['thinkingConfig', 'thinking_config', 'ThinkingConfig'], ['thinkingBudget', 'thinking_budget', 'ThinkingBudget']], reads: 'budget' },
  { path: [['thinkingConfig', 'thinking_config', 'ThinkingConfig'], ['thinkingLevel', 'thinking_level', 'ThinkingLevel']], reads: 'effort' },
  { path: [['output_config', 'outputConfig'], ['effort']], reads: 'effort' },
];

/**
 * Option objects a call's reasoning parameters may sit in, tried in order after the options themselves: Google's
 * generation config, the AI SDK's per-provider `providerOptions`, an OpenAI-compatible `extra_body`, LangChain
 * `model_kwargs`.
 */
export const REASONING_CONTAINERS: readonly (readonly (readonly string[])[])[] = [
  [],
  [GOOGLE_CONFIG_KEYS],
  [['providerOptions', 'provider_options'], ['openai', 'anthropic', 'google', 'vertex', 'azure', 'bedrock', 'xai', 'deepseek', 'groq']],
  [['extra_body', 'extraBody']],
  [['model_kwargs', 'modelKwargs']],
];

/** Options that give a call tools to run (an agent step): OpenAI/Anthropic/AI SDK `tools`, legacy `functions`, Gemini config `tools`. */
export const TOOL_KEYS = ['tools', 'functions', 'Tools', 'toolConfig'];

/** Callee names that only wrap the real method (`client.chat.completions.with_raw_response.create`). */
export const WRAPPER_NAMES: ReadonlySet<string> = new Set(['with_raw_response', 'with_streaming_response', 'withRawResponse', 'withStreamingResponse', 'WithRawResponse', 'aio', 'beta', 'Beta']);

/** What a recognition guard sees: the callee names (wrappers removed) and, on demand, the merged options. */
export interface RecognitionInput {
  shape: CallShape;
  names: readonly string[];
  options(): ObjectValue;
  /** Modules the file imports. */
  importedModules: ReadonlySet<string>;
  /** The module a local name was imported from, or null. */
  moduleOf(name: string): string | null;
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
 * - `google-chat`: a Gemini chat session's system instruction and history, then the message sent;
 * - `cohere`: v2 `messages`, or v1 `preamble` (system), `chat_history`, then `message`;
 * - `bedrock-native`: a provider-native JSON body: `system` and `messages` (Anthropic), `prompt` (Llama,
 *   Mistral), `inputText` (Titan);
 * - `agent`: an agent or model object's own instructions (`instructions`, `system_prompt`, `systemPrompt`,
 *   `system`), then a `prompt` and `messages` when the call sends them;
 * - `none`: a model object created, messages sent later.
 */
export type MessageLayout = 'agent' | 'google-chat' | 'chat' | 'responses' | 'anthropic' | 'google' | 'ai-sdk' | 'litellm' | 'prompt' | 'dotnet-chat' | 'none' | 'cohere' | 'bedrock-native';

/** Where a call's model and cap may also come from, besides its options: the object the method is called on. */
export type ReceiverOptions = 'dotnet-chat-client' | 'google-generative-model' | 'google-chat-session' | 'client-factory-model' | 'client-options';

/**
 * Sources of the provider, tried in order: the AI SDK factory, the model's route prefix (`groq/…`, `openai:…`), its
 * family (`claude-…`), a Bedrock model id's vendor, the class the callee names (`AnthropicChatModel`), the host of
 * a request's URL, or a fixed provider.
 */
export type ProviderSource = 'factory' | 'prefix' | 'family' | 'bedrock-vendor' | 'class' | 'url' | { fixed: string };

export interface CapFix {
  /** `argument`: a top-level argument; `nested`: a field of an options argument (`config`, `inferenceConfig`, `options`). */
  placement: 'argument' | 'nested';
  /** For `nested`: the argument holding the cap, and other names under which the same argument may already be there. */
  container?: string;
  containerAliases?: readonly string[];
  /** The parameter name a quick fix inserts, per language family whose syntax the fix can write. */
  names: Partial<Record<LanguageFamily, string>>;
}

/**
 * Where a call asks for a service tier and what each value is billed at. A value mapped to null, or not listed, says
 * nothing the catalog can price (it is decided elsewhere), so the site keeps no tier and the config's glob decides.
 */
export interface ServiceTierParameter {
  keys: readonly string[];
  /** Option objects the parameter may be nested in (Gemini's `config`). */
  nestedIn?: readonly string[];
  /** Values as written, lower-cased. */
  values: ReadonlyMap<string, ServiceTier | null>;
}

/**
 * OpenAI `service_tier` (Chat Completions, Responses): `auto` defers to the project's setting and `scale` bills
 * committed Scale Tier units, so neither says a per-token tier (OpenAI API reference, ServiceTier: auto, default,
 * flex, scale, priority).
 */
const OPENAI_SERVICE_TIER: ServiceTierParameter = {
  keys: ['service_tier'],
  values: new Map<string, ServiceTier | null>([['default', 'standard'], ['flex', 'flex'], ['priority', 'priority'], ['auto', null], ['scale', null]]),
};

/**
 * Gemini `GenerateContentConfig.service_tier` (JS `serviceTier`): standard (the default), flex, priority; the REST enum
 * spells them SERVICE_TIER_FLEX … (ai.google.dev gemini-api/docs/flex-inference and /priority-inference, 2026).
 */
const GEMINI_SERVICE_TIER: ServiceTierParameter = {
  keys: ['service_tier', 'serviceTier'],
  nestedIn: GOOGLE_CONFIG_KEYS,
  values: new Map<string, ServiceTier | null>(['standard', 'flex', 'priority'].flatMap((tier) => [[tier, tier as ServiceTier], [`service_tier_${tier}`, tier as ServiceTier]])),
};

/**
 * Anthropic `service_tier`: `standard_only` never uses Priority Tier capacity; `auto` uses it when the organisation has
 * a commitment, which is billed by contract, not per token (platform.claude.com docs api/service-tiers).
 */
const ANTHROPIC_SERVICE_TIER: ServiceTierParameter = {
  keys: ['service_tier'],
  values: new Map<string, ServiceTier | null>([['standard_only', 'standard'], ['auto', null]]),
};

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
  /** Option objects the cap may be nested in (Google's `config`, Bedrock's `inferenceConfig`, Ollama's `options`). */
  capNestedIn?: readonly string[];
  /** The cap's parameter names, most specific first; absent: `CAP_PARAMETERS`. */
  capKeys?: readonly string[];
  /** Where the call asks for a service tier (batch, flex, priority); absent: not read for this SDK. */
  serviceTier?: ServiceTierParameter;
  /** Model-side options are in a JSON body under the first of these keys present (`body=json.dumps({...})`, `json=payload`, `body: JSON.stringify(payload)`); none present: the options themselves. */
  jsonBody?: readonly string[];
  /** The options object is this positional argument (`fetch(url, init)`, `axios.post(url, data)`), plus named arguments. */
  optionsArgument?: number;
  /** Option keys whose object (or constructor call) holds more options (`query(prompt=…, options=ClaudeAgentOptions(…))`). */
  nestedOptions?: readonly string[];
  /** How many leading positional arguments carry messages (Semantic Kernel: the history; then settings and kernel); absent: all. */
  messageArguments?: number;
  /**
   * Calls elsewhere in the file that bind the model this shape's calls use when they name none (Semantic Kernel's
   * `builder.AddOpenAIChatCompletion(modelId: "…")`): the method, the argument names holding the model (else the
   * first positional argument), the provider it bills. A call takes the nearest registration before it, else the
   * file's only one.
   */
  modelRegistrations?: readonly { method: string; keys: readonly string[]; provider: string }[];
  /** The positional argument holding the messages when no `messages` option names them (`chat_completion(messages, …)`). */
  positionalMessages?: number;
  /** The first positional argument is the user's prompt when no `prompt` option names one (`client.query("…")`). */
  positionalPrompt?: boolean;
  /** A raw HTTP request: the first argument is a URL whose text (run-time parts as `{name}`) this matches. */
  url?: RegExp;
  /** Where the URL names the model (`…/models/gemini-2.0-flash:generateContent`): the first group. */
  modelInUrl?: RegExp;
  /**
   * Words one of which the file must contain for a call of this shape (the SDK's module name, when the callee
   * names alone are generic like `chat`); absent: derived from the callee.
   */
  markers?: readonly string[];
  messages: MessageLayout;
  /** The cap parameter a quick fix inserts; null when none is known. */
  capFix: CapFix | null;
  /** The system prompt is its own parameter, sent before the messages whatever the source order (cache layout). */
  systemSeparate: boolean;
  provider: readonly ProviderSource[];
}

/**
 * Calls that turn a request body into JSON text or bytes, read through to the body they encode: Python
 * `json.dumps`, JS `JSON.stringify`, Go `json.Marshal`, C# `JsonSerializer.Serialize` / `Encoding.UTF8.GetBytes` /
 * `new MemoryStream(…)` / `BinaryData.FromString`, Java `SdkBytes.fromUtf8String` / `toString()` / Jackson
 * `writeValueAsString` / `getBytes`.
 */
export const JSON_ENCODERS = /^(dumps|stringify|Marshal|MarshalIndent|Serialize|SerializeToUtf8Bytes|GetBytes|MemoryStream|FromString|FromObjectAsJson|fromUtf8String|fromString|toString|writeValueAsString|getBytes)$/;

/** Java JSON builders whose `put(key, value)` chains build an object (org.json `JSONObject`, Jackson `ObjectNode`, Gson `addProperty`). */
export const JSON_PUT_METHODS: ReadonlySet<string> = new Set(['put', 'addProperty', 'set']);

/** Callee words of SDK calls that take text but generate none (images, audio, embeddings, …): their strings are not prompts. */
export const NON_GENERATION_CALLEE = /\b(images|audio|transcriptions|translations|speech|embeddings|embed\w*|moderations|fine_?[tT]uning|files|batches|count_?[tT]okens|uploads|vector_?[sS]tores)\b/;

/** Providers whose APIs take the system prompt apart from the messages (for sites whose api is not in the table). */
export const SYSTEM_SEPARATE_PROVIDERS: ReadonlySet<string> = new Set(['anthropic', 'google']);

/** Generic method names: they say a call may be interesting, never which SDK it is. Not used as marker words. */
const GENERATION_METHODS = ['create', 'parse', 'stream', 'runtools', 'new', 'newstreaming', 'acreate', 'createstreaming'];
const GENERIC_NAMES: ReadonlySet<string> = new Set([...GENERATION_METHODS, 'complete', 'complete_async', 'stream_async', 'chat', 'chat_stream', 'generate']);

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

/** True when the call is made on something from a module `module` matches: the callee's root name was imported from it (`ollama.chat`, `chat` from ollama), or the receiver was built by a class imported from it (`Client(host=…).chat`). */
function calledOn(input: RecognitionInput, module: RegExp): boolean {
  const root = input.names[0];
  const rootModule = input.shape.rootModule ?? (root ? input.moduleOf(root) : null);
  if (rootModule !== null && module.test(rootModule)) return true;
  const builder = builderModule(input);
  return builder !== null && module.test(builder);
}

/** The literal route a REST client's `path("…")` call names (`client.path("/chat/completions")`), or ''. */
function pathArgument(receiver: CodeValue | null): string {
  const route = receiver?.kind === 'call' && receiver.path[receiver.path.length - 1] === 'path' ? receiver.positional[0] : undefined;
  return route ? stringText(route) ?? '' : '';
}

/** The module of the class that built the client the call is made on (`Groq()` → groq), through the receiver or the path's root name. */
function builderModule(input: RecognitionInput): string | null {
  for (const value of [input.shape.receiver(), input.shape.rootValue?.() ?? null]) {
    if (value?.kind !== 'call') continue;
    const module = input.moduleOf(value.path[0] ?? '') ?? input.moduleOf(value.path[value.path.length - 1] ?? '');
    if (module !== null) return module;
  }
  return null;
}

function imports(input: RecognitionInput, module: RegExp): boolean {
  for (const name of input.importedModules) if (module.test(name)) return true;
  return false;
}

/** SDKs whose client has a `chat` method; a call on an unknown receiver belongs to one only when the file imports no other. */
const OLLAMA_MODULES = /^ollama\b|^github\.com\/ollama\/ollama\/api$/;
const CHAT_METHOD_SDKS = [/^mistralai\b/, /^cohere(-ai)?\b/, OLLAMA_MODULES];

function chatSdkCall(input: RecognitionInput, module: RegExp): boolean {
  if (!imports(input, module)) return false;
  if (calledOn(input, module)) return true;
  // A client built by another SDK's class is that SDK's.
  if (builderModule(input) !== null) return false;
  return CHAT_METHOD_SDKS.every((other) => other === module || !imports(input, other));
}

/** An OpenAI-compatible SDK of its own (Groq, Together, Fireworks): `client.chat.completions.create` on its client. */
function compatibleChat(name: string, module: RegExp, markers: string[], api = `${name}.chat.completions`, id?: string, cap = 'max_tokens'): SdkShape {
  return openaiChat({
    capFix: argumentCap(cap),
    ...(id ? { id } : {}),
    api,
    callee: { last: GENERATION_METHODS, previous: ['completions'], beforePrevious: ['chat'] },
    accept: (input) => imports(input, module) && (calledOn(input, module) || (!imports(input, /(^|[/.])openai/i) && builderModule(input) === null)),
    markers,
    // The host bills the call: its model ids name the model's maker (`openai/gpt-oss-20b`, `meta-llama/…`), not a route.
    provider: [{ fixed: name }],
  });
}

const HUGGING_FACE_MODULES = /^(huggingface_hub|@huggingface\/inference)\b/;

const BEDROCK_MODULES = /^(boto3|aiobotocore|@aws-sdk\/client-bedrock-runtime)\b|bedrockruntime|Amazon\.BedrockRuntime/i;
/** Cap names of the native bodies Bedrock models take (Anthropic, Llama, Titan, Mistral, Cohere, AI21). */
const BEDROCK_NATIVE_CAPS = ['max_tokens', 'max_gen_len', 'maxTokenCount', 'max_new_tokens', 'maxTokens', 'max_tokens_to_sample', 'MaxTokens', 'MaxGenLen', 'MaxTokenCount'];

/** An Ollama library call: module evidence, the cap in `options.num_predict`, always the `ollama` provider. */
function ollama(api: ApiId, method: string, messages: MessageLayout, systemSeparate: boolean): SdkShape {
  return {
    api,
    // Go: `client.Chat(ctx, &api.ChatRequest{Model, Messages, Options: map[string]any{"num_predict": …}}, fn)`.
    languages: ['python', 'javascript', 'go'],
    callee: { last: [method], maxNames: 3 },
    accept: (input) => chatSdkCall(input, OLLAMA_MODULES),
    capNestedIn: ['options', 'Options'],
    capKeys: ['num_predict'],
    messages,
    capFix: OLLAMA_CAP,
    systemSeparate,
    provider: [{ fixed: 'ollama' }],
    markers: ['ollama'],
  };
}

/** A Gemini chat session: the value of `client.chats.create(…)` or `model.start_chat(…)` / `startChat(…)`. */
export function isChatSession(value: CodeValue | null): value is CallValue {
  if (value?.kind !== 'call') return false;
  const [previous, last] = value.path.slice(-2);
  return (last === 'create' && previous === 'chats') || last === 'start_chat' || last === 'startChat';
}

const OLLAMA_CAP: CapFix = { placement: 'nested', container: 'options', names: { python: 'num_predict', javascript: 'num_predict' } };
/** SDKs whose JS client takes camelCase options (`maxTokens`) where Python takes `max_tokens`. */
const MAX_TOKENS_CAMEL_JS: CapFix = { placement: 'argument', names: { python: 'max_tokens', javascript: 'maxTokens' } };

const GOOGLE_CAP: CapFix = { placement: 'argument', names: { python: 'max_output_tokens', javascript: 'maxOutputTokens' } };
const LANGCHAIN_CAP: CapFix = { placement: 'argument', names: { python: 'max_tokens', javascript: 'maxTokens' } };

function langchain(className: string, provider: string, google = false, serviceTier?: ServiceTierParameter): SdkShape {
  return {
    ...(serviceTier ? { serviceTier } : {}),
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

function aiSdk(name: string, api = `ai-sdk.${name}`, id?: string): SdkShape {
  return {
    ...(id ? { id } : {}),
    api,
    languages: ['javascript'],
    callee: { last: [name], exactCase: true },
    accept: ({ shape, names, options }) => {
      if (names.length !== 1 && !(names.length === 2 && shape.rootModule === 'ai')) return false;
      if (shape.rootModule === 'ai' || shape.rootModule === 'ai/rsc' || shape.rootModule?.startsWith('@ai-sdk/')) return true;
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

/** True when the callee's root name (or the called name itself) was imported from a module `module` matches. */
function fromModule(input: RecognitionInput, module: RegExp): boolean {
  const rootModule = input.shape.rootModule ?? input.moduleOf(input.names[0] ?? '');
  return rootModule !== null && module.test(rootModule);
}

/** An agent or model object whose instructions and model are set where it is created (`Agent(…)`, `dspy.LM(…)`). */
function modelObject(shape: Pick<SdkShape, 'api' | 'callee' | 'accept' | 'provider'> & Partial<SdkShape>): SdkShape {
  return { languages: ['python', 'javascript'], messages: 'agent', capFix: null, systemSeparate: false, ...shape };
}

/** The text of a request URL, run-time parts as `{name}` (`${BASE}/chat/completions` → `{BASE}/chat/completions`). */
export function urlText(value: CodeValue | undefined): string | null {
  if (value?.kind !== 'string') return null;
  return value.segments.map((segment) => (segment.kind === 'static' ? segment.text : `{${segment.name}}`)).join('');
}

/** A request's URL: the first argument, or the `url` of a request object (`requestUrl({ url, body })`, `axios.request({ url, data })`). */
export function requestUrlOf(first: CodeValue | undefined): string | null {
  return urlText(first) ?? (first?.kind === 'object' ? urlText(valueOf(first, 'url')) : null);
}

const HTTP_METHOD = /^(GET|POST|PUT|PATCH)$/i;

/** A request's positional arguments from the URL on: `httpx.stream("POST", url, json=…)` and `requests.request("POST", url, …)` name the method first. */
export function requestPositionals(positional: readonly CodeValue[]): readonly CodeValue[] {
  const method = positional.length > 1 ? stringText(positional[0]) : null;
  return method !== null && HTTP_METHOD.test(method) ? positional.slice(1) : positional;
}

/**
 * A raw HTTP generation request: `fetch(url, { body: JSON.stringify({...}) })`, `axios.post(url, {...})`,
 * `requests.post(url, json={...})` / `httpx` / `aiohttp`, whose URL ends in the endpoint's path. A relative URL
 * (`/api/chat`) is the app's own route (Express, Flask), not a provider's.
 */
function httpRequest(api: string, path: RegExp, markers: string[], shape: Pick<SdkShape, 'messages' | 'provider'> & Partial<SdkShape>): SdkShape {
  const url = new RegExp(`${path.source}\\/?(\\?.*)?$`, 'i');
  return {
    api,
    languages: ['python', 'javascript'],
    // `stream`: httpx's `stream("POST", url, json=…)` for server-sent events.
    callee: { last: ['fetch', 'post', 'request', 'requestUrl', 'stream'], maxNames: 3 },
    accept: ({ shape: call }) => {
      const args = call.args();
      const positional = requestPositionals(args.positional);
      const text = requestUrlOf(positional[0]);
      const init = positional[0]?.kind === 'object' ? positional[0] : positional[1];
      return text !== null && !text.startsWith('/') && url.test(text) && (!shape.url || shape.url.test(text)) && visibleBody(init, args.named);
    },
    optionsArgument: 1,
    jsonBody: ['body', 'json', 'data', 'content'],
    capFix: null,
    systemSeparate: false,
    markers,
    ...shape,
  };
}

/**
 * True when a request's body is visible and is a generation request (`model`, `messages`, `contents`, `prompt` or
 * `input`): a proxy that forwards `req.body` untouched costs its caller, not itself.
 */
function visibleBody(init: CodeValue | undefined, named: readonly ObjectEntry[]): boolean {
  const options: ObjectValue = { kind: 'object', span: init?.span ?? { start: 0, end: 0 }, entries: [...(init?.kind === 'object' ? init.entries : []), ...named], openSpreads: [] };
  let body = valueOf(options, 'body', 'json', 'data', 'content') ?? init;
  while (body?.kind === 'call' && JSON_ENCODERS.test(body.path[body.path.length - 1] ?? '') && body.positional[0]) body = body.positional[0];
  return Boolean(entryOf(body, 'model', 'messages', 'contents', 'prompt', 'input', 'assistant_id')) && body?.kind === 'object';
}

const CLAUDE_AGENT_MODULES = /^(claude_agent_sdk|claude_code_sdk|@anthropic-ai\/claude-agent-sdk|@anthropic-ai\/claude-code)$/;

/** Classes of LlamaIndex's LLM integrations (`from llama_index.llms.openai import OpenAI`). */
const LLAMA_INDEX_LLMS = ['OpenAI', 'AzureOpenAI', 'OpenAIResponses', 'OpenAILike', 'Anthropic', 'Gemini', 'GoogleGenAI', 'Vertex', 'Ollama', 'MistralAI', 'Groq', 'BedrockConverse', 'Bedrock', 'Cohere', 'DeepSeek', 'OpenRouter', 'TogetherLLM', 'Fireworks'];

/** The table, in recognition order: the first entry whose callee and evidence match names the call. */
export const SDK_SHAPES: readonly SdkShape[] = [
  langchain('ChatOpenAI', 'openai', false, OPENAI_SERVICE_TIER),
  langchain('AzureChatOpenAI', 'openai'),
  langchain('ChatAnthropic', 'anthropic'),
  langchain('ChatGoogleGenerativeAI', 'google', true),
  langchain('ChatVertexAI', 'google', true),
  aiSdk('generateText'),
  aiSdk('streamText'),
  aiSdk('generateObject'),
  aiSdk('streamObject'),
  aiSdk('streamUI'),
  // AI SDK agents: `new Agent({ model, system, tools })` (v5 `Experimental_Agent`), v6 `ToolLoopAgent({ instructions })`.
  aiSdk('Experimental_Agent', 'ai-sdk.Agent'),
  aiSdk('ToolLoopAgent', 'ai-sdk.Agent', 'ai-sdk.Agent.toolLoop'),
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
  // OpenAI Agents SDK: `Agent(name=…, instructions=…, model=…, model_settings=ModelSettings(max_tokens=…))`, run later by `Runner.run`.
  modelObject({
    api: 'openai-agents.Agent',
    // `Agent.create({...})`: the TS constructor that types handoffs.
    callee: { last: ['Agent', 'create'], maxNames: 2, exactCase: true },
    accept: (input) => (input.names[input.names.length - 1] === 'Agent' || input.names[0] === 'Agent') && fromModule(input, /^(agents|@openai\/agents(-core|-openai)?)$/),
    capNestedIn: ['model_settings', 'modelSettings'],
    capKeys: ['max_tokens', 'maxTokens'],
    provider: ['prefix', 'family', { fixed: 'openai' }],
    markers: ['agents'],
  }),
  // pydantic-ai: `Agent('openai:gpt-4o', system_prompt=…, instructions=…, model_settings={'max_tokens': …})`.
  modelObject({
    api: 'pydantic-ai.Agent',
    languages: ['python'],
    callee: { last: ['Agent'], maxNames: 2, exactCase: true },
    accept: (input) => fromModule(input, /^pydantic_ai\b/),
    positionalModel: true,
    capNestedIn: ['model_settings'],
    capKeys: ['max_tokens'],
    capFix: { placement: 'nested', container: 'model_settings', names: { python: 'max_tokens' } },
    provider: ['prefix', 'family'],
    markers: ['pydantic_ai'],
  }),
  // DSPy: `dspy.LM('openai/gpt-4o-mini', max_tokens=…)`, configured once and used by every module.
  modelObject({
    api: 'dspy.LM',
    languages: ['python'],
    callee: { last: ['LM'], maxNames: 2, exactCase: true },
    accept: (input) => fromModule(input, /^dspy\b/),
    positionalModel: true,
    capFix: argumentCap('max_tokens'),
    provider: ['prefix', 'family'],
    markers: ['dspy'],
  }),
  // LlamaIndex LLM classes: `OpenAI(model=…, max_tokens=…)` from `llama_index.llms.openai` (TS: `@llamaindex/openai`); `.complete` / `.chat` later.
  modelObject({
    api: 'llamaindex.llm',
    callee: { last: LLAMA_INDEX_LLMS, maxNames: 2, exactCase: true },
    accept: (input) => fromModule(input, /^(llama_index\.llms\.|@llamaindex\/|llamaindex$)/),
    capFix: LANGCHAIN_CAP,
    provider: ['class', 'prefix', 'family'],
    markers: ['llama_index', 'llamaindex'],
  }),
  // Claude Agent SDK: `query(prompt=…, options=ClaudeAgentOptions(system_prompt=…, model=…))`; it takes no output cap.
  modelObject({
    api: 'claude-agent.query',
    // `async with ClaudeSDKClient(options=…) as client: await client.query("…")`: a session's options are the client's.
    callee: { last: ['query'], maxNames: 2, exactCase: true },
    accept: (input) => (input.names.length === 1 ? fromModule(input, CLAUDE_AGENT_MODULES) : calledOn(input, CLAUDE_AGENT_MODULES)),
    receiverOptions: 'client-options',
    positionalPrompt: true,
    nestedOptions: ['options'],
    capKeys: [],
    provider: ['family', { fixed: 'anthropic' }],
    systemSeparate: true,
    markers: ['claude_agent_sdk', 'claude-agent-sdk', 'claude_code_sdk', 'claude-code'],
  }),
  // instructor: a client patched by `instructor.from_openai(…)` / `from_provider("openai/gpt-4o")` / `patch(…)`,
  // then `client.chat.completions.create(response_model=…)`, `create_with_completion`, `create_partial`, `create_iterable`.
  {
    api: 'instructor.create',
    languages: ['python'],
    callee: { last: ['create', 'create_with_completion', 'create_partial', 'create_iterable'] },
    // A client patched where its root is not followed (`self.aclient = instructor.apatch(…)` in `__new__`): `response_model` is instructor's.
    accept: (input) => imports(input, /^instructor$/) && (calledOn(input, /^instructor$/) || Boolean(entryOf(input.options(), 'response_model'))),
    receiverOptions: 'client-factory-model',
    messages: 'anthropic',
    capFix: argumentCap('max_tokens'),
    systemSeparate: false,
    provider: ['prefix', 'family'],
    markers: ['instructor'],
  },
  // go-openai (sashabaranov): `client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o, …})`.
  openaiChat({
    id: 'openai.chat.completions.go-openai',
    languages: ['go'],
    callee: { last: ['CreateChatCompletion', 'CreateChatCompletionStream'], maxNames: 3 },
  }),
  // Raw HTTP requests to a provider's generation endpoint, the body read like the SDK's.
  httpRequest('http.chat.completions', /\/chat\/completions/, ['completions'], { messages: 'chat', provider: ['url', 'prefix', 'family'] }),
  httpRequest('http.anthropic.messages', /\/v1\/messages/, ['v1/messages'], { messages: 'anthropic', systemSeparate: true, provider: ['url', 'family', { fixed: 'anthropic' }] }),
  httpRequest('http.responses', /\/v1\/responses/, ['v1/responses'], { messages: 'responses', systemSeparate: true, provider: ['url', 'prefix', 'family'] }),
  // Legacy completions (`/v1/completions` with a `prompt`), and an Assistants run (`/threads/{id}/runs`, `/threads/runs`)
  // whose body may override the assistant's model, instructions and `max_completion_tokens`.
  httpRequest('http.completions', /\/v1\/completions/, ['v1/completions'], { messages: 'prompt', provider: ['url', 'prefix', 'family'] }),
  httpRequest('http.assistants.runs', /\/threads(\/[^/]+)?\/runs/, ['threads'], { messages: 'responses', provider: ['url', 'prefix', 'family'] }),
  httpRequest('http.google.generateContent', /:(stream)?generateContent/, ['generatecontent'], { messages: 'google', capNestedIn: GOOGLE_CONFIG_KEYS, modelInUrl: /\/models\/([\w.-]+):/, systemSeparate: true, provider: [{ fixed: 'google' }] }),
  httpRequest('http.ollama.chat', /\/api\/chat/, ['api/chat'], { url: /ollama|11434/i, messages: 'chat', capNestedIn: ['options'], capKeys: ['num_predict'], provider: [{ fixed: 'ollama' }] }),
  httpRequest('http.ollama.generate', /\/api\/generate/, ['api/generate'], { url: /ollama|11434/i, messages: 'agent', capNestedIn: ['options'], capKeys: ['num_predict'], systemSeparate: true, provider: [{ fixed: 'ollama' }] }),
  // LangChain4j: `OpenAiChatModel.builder().modelName(…).maxTokens(…).build()` (any `…ChatModel` class), then `model.chat(…)`.
  {
    api: 'langchain4j.ChatModel',
    languages: ['java'],
    callee: { last: ['build'] },
    accept: ({ names }) => names.includes('builder') && /^[A-Z]\w*(Streaming)?ChatModel$/.test(names[0] ?? '') && !/^(Chat|StreamingChat)Model$/.test(names[0] ?? ''),
    capKeys: [...CAP_PARAMETERS, 'numPredict'],
    messages: 'none',
    capFix: null,
    systemSeparate: false,
    provider: ['class', 'prefix', 'family'],
    markers: ['langchain4j'],
  },
  // Spring AI: `chatClient.prompt().system(…).user(…).options(OpenAiChatOptions.builder().model(…).maxTokens(…).build()).call()`.
  {
    api: 'spring-ai.ChatClient',
    languages: ['java'],
    callee: { last: ['call', 'stream'] },
    accept: (input) => input.names.includes('prompt') && imports(input, /^org\.springframework\.ai\b/),
    nestedOptions: ['options'],
    messages: 'chat',
    capFix: null,
    systemSeparate: false,
    provider: ['prefix', 'family'],
    markers: ['springframework.ai'],
  },
  // Semantic Kernel: `chatService.GetChatMessageContentAsync(history, settings)`, `kernel.InvokePromptAsync(…)`; the cap is the settings' `MaxTokens`.
  openaiChat({
    api: 'semantic-kernel.chat',
    languages: ['csharp'],
    callee: { last: ['GetChatMessageContentAsync', 'GetChatMessageContentsAsync', 'GetStreamingChatMessageContentsAsync', 'InvokePromptAsync', 'InvokePromptStreamingAsync'], maxNames: 3 },
    accept: (input) => imports(input, /^Microsoft\.SemanticKernel\b/),
    receiverOptions: 'dotnet-chat-client',
    messages: 'dotnet-chat',
    messageArguments: 1,
    capFix: null,
    provider: ['prefix', 'family'],
    markers: ['semantickernel'],
    modelRegistrations: [
      { method: 'AddOpenAIChatCompletion', keys: ['modelId'], provider: 'openai' },
      { method: 'AddOpenAIChatClient', keys: ['modelId'], provider: 'openai' },
      // Azure OpenAI is billed at the OpenAI model's prices; the deployment is priced when it is named like its model.
      { method: 'AddAzureOpenAIChatCompletion', keys: ['deploymentName', 'modelId'], provider: 'openai' },
      { method: 'AddAzureOpenAIChatClient', keys: ['deploymentName', 'modelId'], provider: 'openai' },
      { method: 'AddGoogleAIGeminiChatCompletion', keys: ['modelId'], provider: 'google' },
      { method: 'AddVertexAIGeminiChatCompletion', keys: ['modelId'], provider: 'google' },
      { method: 'AddMistralChatCompletion', keys: ['modelId'], provider: 'mistral' },
      { method: 'AddOllamaChatCompletion', keys: ['modelId'], provider: 'ollama' },
      { method: 'AddAzureAIInferenceChatCompletion', keys: ['modelId'], provider: 'azure-ai' },
      { method: 'AddHuggingFaceChatCompletion', keys: ['model'], provider: 'huggingface' },
    ],
  }),
  // go-openai's legacy completions: `client.CreateCompletion(ctx, openai.CompletionRequest{Model: …, Prompt: …, MaxTokens: …})`.
  {
    id: 'openai.completions.go-openai',
    api: 'openai.completions',
    languages: ['go'],
    callee: { last: ['CreateCompletion', 'CreateCompletionStream'], maxNames: 3 },
    messages: 'prompt',
    capFix: argumentCap('max_tokens'),
    systemSeparate: false,
    provider: ['prefix', { fixed: 'openai' }],
  },
  // OpenAI .NET Responses: `responseClient.CreateResponseAsync(input, new ResponseCreationOptions { MaxOutputTokenCount = … })`.
  {
    id: 'openai.responses.dotnet',
    api: 'openai.responses',
    languages: ['csharp'],
    callee: { last: ['CreateResponse', 'CreateResponseAsync', 'CreateResponseStreaming', 'CreateResponseStreamingAsync'], maxNames: 3 },
    receiverOptions: 'dotnet-chat-client',
    messages: 'dotnet-chat',
    capFix: argumentCap('max_output_tokens'),
    systemSeparate: true,
    provider: ['prefix', { fixed: 'openai' }],
  },
  // OpenAI .NET: `chatClient.CompleteChat(…)` / `CompleteChatAsync` / `CompleteChatStreaming(Async)`.
  openaiChat({
    id: 'openai.chat.completions.dotnet',
    languages: ['csharp'],
    callee: { last: ['completechat', 'completechatasync', 'completechatstreaming', 'completechatstreamingasync'] },
    receiverOptions: 'dotnet-chat-client',
    messages: 'dotnet-chat',
  }),
  // langchainrb: `llm = Langchain::LLM::OpenAI.new(default_options: { chat_model: …, max_tokens: … })`, then `llm.chat(messages: […])`.
  {
    api: 'langchainrb.chat',
    languages: ['ruby'],
    callee: { last: ['chat', 'complete'], maxNames: 2 },
    accept: ({ shape }) => {
      const receiver = shape.receiver();
      return receiver?.kind === 'call' && receiver.path.some((name) => /^(::)?Langchain::LLM::/.test(name));
    },
    receiverOptions: 'client-options',
    nestedOptions: ['default_options'],
    messages: 'chat',
    capFix: null,
    systemSeparate: false,
    provider: ['family', 'prefix'],
    markers: ['langchain'],
  },
  // ruby-openai: `client.chat(parameters: { model:, messages: })`.
  openaiChat({
    id: 'openai.chat.completions.ruby',
    languages: ['ruby', 'go', 'java', 'csharp'],
    callee: { last: ['chat'], maxNames: 2 },
    accept: ({ names, options }) => names.length === 2 && Boolean(entryOf(options(), 'messages')),
  }),
  // Groq, Together and Fireworks SDKs: OpenAI's chat shape on their own clients.
  compatibleChat('groq', /^groq(-sdk)?$/, ['groq'], 'groq.chat.completions', undefined, 'max_completion_tokens'),
  compatibleChat('together', /^together(-ai)?$/, ['together']),
  compatibleChat('fireworks', /^fireworks(\.client)?$|^@fireworks/, ['fireworks']),
  // Cerebras Cloud SDK: `Cerebras(api_key=…).chat.completions.create(…, max_completion_tokens=…)` (Python and JS).
  compatibleChat('cerebras', /^cerebras\.cloud\.sdk$|^@cerebras\/cerebras_cloud_sdk$/, ['cerebras'], 'cerebras.chat.completions', undefined, 'max_completion_tokens'),
  // Hugging Face `InferenceClient`: its OpenAI-style path, and `chat_completion` / JS `chatCompletion` below.
  compatibleChat('huggingface', HUGGING_FACE_MODULES, ['huggingface'], 'huggingface.chat', 'huggingface.chat.openaiStyle'),
  openaiChat({ callee: { last: GENERATION_METHODS, previous: ['completions'], beforePrevious: ['chat'] }, serviceTier: OPENAI_SERVICE_TIER }),
  // openai < 1.0: `openai.ChatCompletion.create(…)`.
  openaiChat({ id: 'openai.chat.completions.legacy', callee: { last: ['create', 'acreate'], previous: ['chatcompletion'] } }),
  {
    // AWS Bedrock Converse: boto3 `converse(_stream)`, JS v3 `new ConverseCommand({...})` (sent with `client.send`).
    api: 'bedrock.converse',
    // Go `client.Converse(ctx, &bedrockruntime.ConverseInput{…})`, Java `client.converse(r -> r.modelId(…))`, C# `ConverseAsync(new ConverseRequest { … })`.
    languages: ['python', 'javascript', 'go', 'java', 'csharp'],
    callee: { last: ['converse', 'converse_stream', 'ConverseCommand', 'ConverseStreamCommand', 'ConverseStream', 'ConverseAsync', 'ConverseStreamAsync'], maxNames: 3 },
    accept: (input) => imports(input, BEDROCK_MODULES) && (input.shape.constructorCall || !/Command$/.test(input.names[input.names.length - 1] ?? '')),
    capNestedIn: ['inferenceConfig', 'InferenceConfig'],
    capKeys: ['maxTokens', 'MaxTokens'],
    messages: 'anthropic',
    capFix: { placement: 'nested', container: 'inferenceConfig', names: { python: 'maxTokens', javascript: 'maxTokens' } },
    systemSeparate: true,
    provider: ['bedrock-vendor', { fixed: 'bedrock' }],
    markers: ['converse'],
  },
  {
    // AWS Bedrock InvokeModel with a provider-native JSON body (Anthropic, Llama, Titan, Mistral, …): boto3, JS v3
    // commands, Go `InvokeModel(ctx, &bedrockruntime.InvokeModelInput{Body: json.Marshal(…)})`, Java
    // `invokeModel(r -> r.modelId(…).body(SdkBytes.fromUtf8String(…)))`, C# `InvokeModelAsync(new InvokeModelRequest { Body = … })`.
    api: 'bedrock.invokeModel',
    languages: ['python', 'javascript', 'go', 'java', 'csharp'],
    callee: { last: ['invoke_model', 'invoke_model_with_response_stream', 'InvokeModelCommand', 'InvokeModelWithResponseStreamCommand', 'InvokeModel', 'InvokeModelWithResponseStream', 'InvokeModelAsync', 'InvokeModelWithResponseStreamAsync'], maxNames: 3 },
    accept: (input) => imports(input, BEDROCK_MODULES) && (input.shape.constructorCall || !/Command$/.test(input.names[input.names.length - 1] ?? '')),
    jsonBody: ['body', 'Body'],
    capNestedIn: ['textGenerationConfig', 'inferenceConfig', 'parameters'],
    capKeys: BEDROCK_NATIVE_CAPS,
    messages: 'bedrock-native',
    capFix: null,
    systemSeparate: true,
    provider: ['bedrock-vendor', { fixed: 'bedrock' }],
    markers: ['invoke_model', 'invokemodel'],
  },
  openaiChat({
    // Hugging Face `InferenceClient.chat_completion(messages, model=…, max_tokens=…)`, JS `chatCompletion({...})`.
    api: 'huggingface.chat',
    languages: ['python', 'javascript'],
    callee: { last: ['chat_completion', 'chatCompletion', 'chatCompletionStream'], maxNames: 3 },
    accept: (input) => imports(input, HUGGING_FACE_MODULES),
    // `InferenceClient(model="…")` binds the model its calls use; `chat_completion(messages, …)` takes them first.
    receiverOptions: 'client-options',
    positionalMessages: 0,
    capFix: argumentCap('max_tokens'),
    provider: [{ fixed: 'huggingface' }],
    markers: ['huggingface'],
  }),
  openaiChat({
    // Azure AI Inference: `ChatCompletionsClient(endpoint, credential).complete(messages=[SystemMessage(…)], model=…)`.
    api: 'azure-ai-inference.chat',
    languages: ['python', 'javascript'],
    callee: { last: ['complete'], maxNames: 2 },
    accept: (input) => imports(input, /^(azure\.ai\.inference|@azure-rest\/ai-inference)\b/) && !imports(input, /^(mistralai|@mistralai)/),
    capFix: argumentCap('max_tokens'),
    provider: [{ fixed: 'azure-ai' }],
    markers: ['azure'],
  }),
  openaiChat({
    // Azure AI Inference REST client (JS): `ModelClient(endpoint, key).path("/chat/completions").post({ body: {...} })`.
    id: 'azure-ai-inference.chat.rest',
    api: 'azure-ai-inference.chat',
    languages: ['javascript'],
    callee: { last: ['post'], maxNames: 2 },
    accept: (input) => imports(input, /^@azure-rest\/ai-inference\b/) && /chat\/completions$/.test(pathArgument(input.shape.receiver())),
    jsonBody: ['body'],
    // The fix inserts next to the model argument, which is inside `body` here.
    capFix: argumentCap('max_tokens'),
    provider: [{ fixed: 'azure-ai' }],
    markers: ['ai-inference'],
  }),
  {
    // Mistral v1 SDK: `client.chat.complete(…)`, `chat.stream`, `chat.complete_async`, `chat.stream_async` (JS: `complete`, `stream`).
    api: 'mistral.chat',
    languages: ['python', 'javascript'],
    callee: { last: ['complete', 'stream', 'complete_async', 'stream_async'], previous: ['chat'] },
    accept: (input) => imports(input, /^(mistralai|@mistralai\/mistralai)\b/),
    messages: 'chat',
    capFix: MAX_TOKENS_CAMEL_JS,
    systemSeparate: false,
    provider: ['prefix', { fixed: 'mistral' }],
    markers: ['mistral'],
  },
  {
    // Mistral's legacy client: `MistralClient().chat(model=…, messages=…)`, `chat_stream`.
    id: 'mistral.chat.legacy',
    api: 'mistral.chat',
    languages: ['python', 'javascript'],
    callee: { last: ['chat', 'chat_stream', 'chatStream'], maxNames: 3 },
    accept: (input) => chatSdkCall(input, /^mistralai\b/) && Boolean(entryOf(input.options(), 'messages', 'model')),
    messages: 'chat',
    capFix: MAX_TOKENS_CAMEL_JS,
    systemSeparate: false,
    provider: ['prefix', { fixed: 'mistral' }],
    markers: ['mistral'],
  },
  {
    // Cohere: `co.chat(…)` / `chat_stream` (v2 `messages`; v1 `message`, `preamble`, `chat_history`).
    api: 'cohere.chat',
    languages: ['python', 'javascript'],
    callee: { last: ['chat', 'chat_stream', 'chatStream'], maxNames: 3 },
    accept: (input) => chatSdkCall(input, /^cohere(-ai)?\b/),
    messages: 'cohere',
    capFix: MAX_TOKENS_CAMEL_JS,
    systemSeparate: true,
    provider: [{ fixed: 'cohere' }],
    markers: ['cohere'],
  },
  // Ollama: `ollama.chat(…)`, `Client(host=…).chat(…)`, `AsyncClient().chat(…)`; `generate(model=…, prompt=…, system=…)`.
  ollama('ollama.chat', 'chat', 'chat', false),
  ollama('ollama.generate', 'generate', 'ai-sdk', true),
  {
    // Gemini chat sessions: `client.chats.create(model=…, config=…)` / `model.start_chat(history=…)`, then each
    // `send_message` / `sendMessage` / `…_stream` is a call with the session's model, config and history.
    api: 'google.chat',
    callee: { last: ['send_message', 'send_message_stream', 'sendMessage', 'sendMessageStream'], maxNames: 3 },
    accept: ({ shape }) => isChatSession(shape.receiver()),
    receiverOptions: 'google-chat-session',
    capNestedIn: GOOGLE_CONFIG_KEYS,
    serviceTier: GEMINI_SERVICE_TIER,
    messages: 'google-chat',
    capFix: null,
    systemSeparate: true,
    provider: [{ fixed: 'google' }],
  },
  {
    api: 'google.generateContent',
    callee: { last: ['generatecontent', 'generate_content', 'generatecontentstream', 'generate_content_stream'] },
    // A bare `generate_content(…)` is the project's own function unless a Google SDK is imported.
    accept: ({ shape, names, importedModules }) => !(names.length === 1 && !mentionsModule(importedModules, 'google')) && !shape.constructorCall,
    receiverOptions: 'google-generative-model',
    receiverIsModel: true,
    capNestedIn: GOOGLE_CONFIG_KEYS,
    serviceTier: GEMINI_SERVICE_TIER,
    messages: 'google',
    capFix: { placement: 'nested', container: 'config', containerAliases: ['generationConfig', 'generation_config'], names: { python: 'max_output_tokens', javascript: 'maxOutputTokens' } },
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
    serviceTier: OPENAI_SERVICE_TIER,
    capFix: argumentCap('max_output_tokens'),
    systemSeparate: true,
    provider: ['prefix', { fixed: 'openai' }],
  },
  {
    api: 'anthropic.messages',
    // Also the SDK's agent loop over the same parameters: `client.beta.messages.tool_runner(…)` / `toolRunner({...})`.
    callee: { last: [...GENERATION_METHODS, 'tool_runner', 'toolrunner'], previous: ['messages'], notBeforePrevious: ['batches'] },
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
    serviceTier: ANTHROPIC_SERVICE_TIER,
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
    // Registration calls (`AddOpenAIChatCompletion`) are read too: they bind the model of the entry's calls.
    names = new Set(shapesFor(family).flatMap((shape) => [...shape.callee.last, ...(shape.modelRegistrations ?? []).map((registration) => registration.method)].map((name) => name.toLowerCase())));
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
  if (shape.markers) return shape.markers.map((word) => word.toLowerCase());
  const specificLast = shape.callee.last.filter((name) => !GENERIC_NAMES.has(name.toLowerCase()));
  if (specificLast.length === shape.callee.last.length) return specificLast.map((name) => name.toLowerCase());
  return (shape.callee.previous ?? shape.callee.last).map((name) => name.toLowerCase());
}

/** All marker words, with any word that contains a shorter one dropped (`acompletion` is found by `completion`). */
export const SDK_MARKER_WORDS: readonly string[] = (() => {
  // Ties in code-unit order, not localeCompare: no kept word is a prefix of another, so the order changes no match, and
  // a collator's first use costs a cold start ~4 ms of CPU (Node).
  const words = [...new Set(SDK_SHAPES.flatMap(markerWords))].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return words.filter((word, index) => !words.slice(0, index).some((shorter) => word.includes(shorter)));
})();

/** Keys resolved before the others in an options object (model, cap, config), so a work limit cuts messages first. */
export const FIRST_OPTION_KEYS: ReadonlySet<string> = new Set([...MODEL_KEYS, ...CAP_PARAMETERS, ...SDK_SHAPES.flatMap((shape) => [...(shape.capNestedIn ?? []), ...(shape.capKeys ?? [])]), 'parameters', ...REASONING_PARAMETERS.flatMap((parameter) => parameter.path[0]), ...REASONING_CONTAINERS.flatMap((container) => container[0] ?? [])]);

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
