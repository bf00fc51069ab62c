// Hostile inputs for every file kind the auditor reads: generic junk, and realistic files of each kind
// whose model, cap or prompt text is hostile. Everything is generated (and seeded), nothing is committed.
import { randomBytes } from './support';

export type FileFamily = 'prompty' | 'github-models' | 'vscode-prompt' | 'template' | 'plain' | 'ts' | 'tsx' | 'js' | 'py' | 'go' | 'java' | 'cs' | 'rb';

export interface FileKind {
  family: FileFamily;
  /** Path relative to the audited root; it decides how the file is scanned. */
  file: string;
}

export const FILE_KINDS: FileKind[] = [
  { family: 'prompty', file: 'prompts/hostile.prompty' },
  { family: 'github-models', file: 'prompts/hostile.prompt.yml' },
  { family: 'vscode-prompt', file: '.github/prompts/hostile.prompt.md' },
  { family: 'template', file: 'prompts/hostile.jinja' },
  { family: 'plain', file: 'prompts/hostile.txt' },
  { family: 'ts', file: 'src/hostile.ts' },
  { family: 'tsx', file: 'src/hostile.tsx' },
  { family: 'js', file: 'src/hostile.js' },
  { family: 'py', file: 'src/hostile.py' },
  { family: 'go', file: 'src/hostile.go' },
  { family: 'java', file: 'src/Hostile.java' },
  { family: 'cs', file: 'src/Hostile.cs' },
  { family: 'rb', file: 'src/hostile.rb' },
];

export const CODE_FAMILIES: FileFamily[] = ['ts', 'tsx', 'js', 'py', 'go', 'java', 'cs', 'rb'];
export const isCode = (family: FileFamily): boolean => CODE_FAMILIES.includes(family);

const MB = 1024 * 1024;

/** Nested brackets of every kind, closed in reverse: deep enough to overflow any recursive walker. */
export function nestedBrackets(totalChars: number): string {
  const depth = Math.floor(totalChars / 2);
  const opening = '([{'.repeat(Math.ceil(depth / 3)).slice(0, depth);
  const closing = [...opening].reverse().map((bracket) => ({ '(': ')', '[': ']', '{': '}' })[bracket]).join('');
  return opening + closing;
}

/** Every way a string can be left open, in one text: quotes, template literals, f-strings, triple quotes, raw strings. */
export const UNTERMINATED =
  'const a = "never closed\nconst b = \'also open\nconst c = `template ${name\nd = f"Hello {name\ne = """triple quoted\nf = r#"raw\ng = @"verbatim\n<<~HEREDOC\n{{ unclosed\n{% if x\n${input:dangling';

export const LONE_SURROGATES = 'Answer \uD800 politely \uDC00 and \uD83D briefly.\uDBFF';
export const RTL_AND_ZERO_WIDTH = '\u202Eexplain\u202C the \u200Bbill\u200C\u200D to \uFEFFthe \u2066user\u2069 \u061C\u200F\u200E in Arabic: \u0645\u0631\u062D\u0628\u0627';
export const SPECIAL_TOKENS = '<|endoftext|> Summarise <|im_start|>system<|im_end|> <|fim_prefix|><|endofprompt|> the text.<|endoftext|>';

export interface HostileText {
  name: string;
  text: string;
}

/** Junk that is hostile whatever the file kind: passed as the whole file. */
export function genericHostileTexts(): HostileText[] {
  const junk = randomBytes(20251123, 64 * 1024);
  return [
    { name: 'empty', text: '' },
    { name: 'only whitespace', text: ' \t\n\r\n   \n\u00a0\u2003\n' },
    { name: 'random bytes as latin1', text: junk.toString('latin1') },
    { name: 'random bytes as utf8', text: junk.toString('utf8') },
    { name: 'NUL bytes', text: 'Summarise\u0000 the\u0000\u0000 text.\u0000' },
    { name: 'NUL bytes past the binary sniffing window', text: 'Summarise the text. '.repeat(600) + '\u0000'.repeat(64) + ' and reply.' },
    { name: '5 MB of one character', text: 'a'.repeat(5 * MB) },
    { name: '2 MB of nested brackets', text: nestedBrackets(2 * MB) },
    { name: 'unterminated strings', text: UNTERMINATED },
    { name: 'lone surrogates', text: LONE_SURROGATES },
    { name: 'RTL and zero-width characters', text: RTL_AND_ZERO_WIDTH },
    { name: 'one 2 MB line', text: 'word, '.repeat((2 * MB) / 6) },
    { name: 'special tokens', text: SPECIAL_TOKENS },
  ];
}

// ---- Realistic files of each kind with hostile parts ----

export interface CallParts {
  /** Source of the model expression (a literal as the language writes it). */
  model: string;
  /** Source of the cap expression. */
  cap: string;
  /** Sources of each user message's content expression. */
  contents: string[];
}

/** A double-quoted literal that keeps every character raw except the ones the language must escape. */
export function quoted(family: FileFamily, value: string): string {
  let body = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  if (family === 'rb') body = body.replace(/#\{/g, '\\#{');
  return `"${body}"`;
}

/** A call of the family's usual OpenAI SDK shape with the given model, cap and user messages. */
export function callSource(family: FileFamily, parts: CallParts): string {
  const { model, cap, contents } = parts;
  switch (family) {
    case 'ts':
    case 'tsx':
    case 'js': {
      const parameter = family === 'js' ? 'name' : 'name: string';
      const messages = contents.map((content) => `      { role: "user", content: ${content} },`).join('\n');
      return `import OpenAI from "openai";\nconst client = new OpenAI();\n\nexport async function run(${parameter}) {\n  return client.chat.completions.create({\n    model: ${model},\n    max_tokens: ${cap},\n    messages: [\n${messages}\n    ],\n  });\n}\n`;
    }
    case 'py': {
      const messages = contents.map((content) => `            {"role": "user", "content": ${content}},`).join('\n');
      return `from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef run(name):\n    return client.chat.completions.create(\n        model=${model},\n        max_tokens=${cap},\n        messages=[\n${messages}\n        ],\n    )\n`;
    }
    case 'go': {
      const messages = contents.map((content) => `\t\t\topenai.UserMessage(${content}),`).join('\n');
      return `package main\n\nimport (\n\t"context"\n\n\t"github.com/openai/openai-go"\n)\n\nfunc run(ctx context.Context, client openai.Client, name string) {\n\tclient.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{\n\t\tModel:     ${model},\n\t\tMaxTokens: openai.Int(${cap}),\n\t\tMessages: []openai.ChatCompletionMessageParamUnion{\n${messages}\n\t\t},\n\t})\n}\n`;
    }
    case 'java': {
      const messages = contents.map((content) => `                .addUserMessage(${content})`).join('\n');
      return `import com.openai.models.chat.completions.ChatCompletionCreateParams;\n\nclass Hostile {\n    String run(String name) {\n        return client.chat().completions().create(ChatCompletionCreateParams.builder()\n                .model(${model})\n                .maxCompletionTokens(${cap})\n${messages}\n                .build()).toString();\n    }\n}\n`;
    }
    case 'cs': {
      const messages = contents.map((content) => `new UserChatMessage(${content})`).join(',\n            ');
      return `using OpenAI.Chat;\n\nclass Hostile\n{\n    public string Run(string name)\n    {\n        ChatClient client = new(model: ${model}, apiKey: "k");\n        var options = new ChatCompletionOptions { MaxOutputTokenCount = ${cap} };\n        return client.CompleteChat([${messages}], options).Value.ToString();\n    }\n}\n`;
    }
    case 'rb': {
      const messages = contents.map((content) => `{ role: "user", content: ${content} }`).join(',\n    ');
      return `require "openai"\n\ndef run(client, name)\n  client.chat(parameters: { model: ${model}, max_tokens: ${cap}, messages: [${messages}] })\nend\n`;
    }
    default:
      throw new Error(`not a code family: ${family}`);
  }
}

/** A literal with `count` interpolations of `name`, as the family writes templates (concatenation in Go and Java). */
export function interpolatedLiteral(family: FileFamily, count: number): string {
  const pieces = Array.from({ length: count }, (_, index) => index);
  switch (family) {
    case 'ts':
    case 'tsx':
    case 'js':
      return '`' + pieces.map((index) => `part ${index}: \${name}`).join(' ') + '`';
    case 'py':
      return 'f"' + pieces.map((index) => `part ${index}: {name}`).join(' ') + '"';
    case 'rb':
      return '"' + pieces.map((index) => `part ${index}: #{name}`).join(' ') + '"';
    case 'cs':
      return '$"' + pieces.map((index) => `part ${index}: {name}`).join(' ') + '"';
    default:
      // Go and Java have no interpolation: a long `+` chain nests one binary expression per piece.
      return pieces.map((index) => `"part ${index}: " + name`).join(' + ');
  }
}

export interface PromptFileParts {
  /** YAML source of the model value (already quoted when it needs to be), or null for none. */
  model: string | null;
  /** YAML source of the cap value, or null for none. */
  cap: string | null;
  /** Message bodies, sent as written. */
  bodies: string[];
}

function yamlBlock(body: string, indent: string): string {
  return '|\n' + body.split('\n').map((line) => (line.length > 0 ? indent + line : '')).join('\n');
}

/** A prompt file of the family with the given model, cap and message bodies (templates and plain files use the bodies only). */
export function promptFileSource(family: FileFamily, parts: PromptFileParts): string {
  const { model, cap, bodies } = parts;
  switch (family) {
    case 'prompty': {
      // Prompty v1 shape: the cap is `model.parameters.max_tokens`, the model `model.configuration.name`.
      const modelLines = model === null && cap === null ? '' : `model:\n  api: chat\n${model === null ? '' : `  configuration:\n    type: openai\n    name: ${model}\n`}${cap === null ? '' : `  parameters:\n    max_tokens: ${cap}\n`}`;
      const body = bodies.map((text, index) => `${index % 2 === 0 ? 'system' : 'user'}:\n${text}\n`).join('\n');
      return `---\nname: hostile\n${modelLines}---\n${body}`;
    }
    case 'github-models': {
      const messages = bodies.map((text) => `  - role: user\n    content: ${yamlBlock(text, '      ')}\n`).join('');
      return `name: hostile\n${model === null ? '' : `model: ${model}\n`}${cap === null ? '' : `modelParameters:\n  maxTokens: ${cap}\n`}messages:\n${messages}`;
    }
    case 'vscode-prompt':
      return `---\ndescription: hostile\nmode: agent\n${model === null ? '' : `model: ${model}\n`}---\n${bodies.join('\n\n')}\n`;
    case 'template':
    case 'plain':
      return bodies.join('\n\n') + '\n';
    default:
      throw new Error(`not a prompt file family: ${family}`);
  }
}

/** The same hostile text placed where each family keeps its prompt text (a message of a call, or a file body). */
export function embedded(family: FileFamily, payload: string): string {
  if (isCode(family)) return callSource(family, { model: quoted(family, 'gpt-4o'), cap: '200', contents: [quoted(family, payload)] });
  return promptFileSource(family, { model: family === 'template' || family === 'plain' ? null : 'gpt-4o', cap: null, bodies: [payload] });
}

// ---- Structured hostility: valid-looking files whose model, cap, size or YAML is hostile ----

/** Billion laughs: nine levels of nine aliases each, 9^9 strings if anything expands them. */
export const BILLION_LAUGHS_ANCHORS = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((name, index) => {
    const previous = 'abcdefghi'[index];
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`;
  }),
].join('\n');

export const HOSTILE_MODEL_NAME = '**gpt-4o**](https://evil.example) <img src=x onerror=alert(1)> | `x` \u0007\u001b[31m\r';
export const UNKNOWN_MODEL = 'gpt-17-ultra-preview';

export interface StructuredCase {
  name: string;
  text: string;
}

/** A line that is 400 digits: parses as Infinity if anything turns it into a number without a bound. */
export const HUGE_DIGITS = '9'.repeat(400);

export function structuredCases(family: FileFamily): StructuredCase[] {
  const ten = (n: number, make: (index: number) => string) => Array.from({ length: n }, (_, index) => make(index));
  if (isCode(family)) {
    const q = (value: string) => quoted(family, value);
    const call = (parts: Partial<CallParts>) => callSource(family, { model: q('gpt-4o'), cap: '200', contents: [q('Summarise the ticket.')], ...parts });
    const unterminated: Record<string, string> = {
      ts: '`You are ${name', tsx: '`You are ${name', js: '`You are ${name', py: 'f"""You are {name', go: '`You are', java: '"""\nYou are', cs: '$"""You are {name', rb: '"You are #{name',
    };
    return [
      { name: 'cap -1', text: call({ cap: '-1' }) },
      { name: 'cap 1e309', text: call({ cap: '1e309' }) },
      { name: 'cap of 400 digits', text: call({ cap: HUGE_DIGITS }) },
      { name: 'cap "lots"', text: call({ cap: q('lots') }) },
      { name: 'unknown model', text: call({ model: q(UNKNOWN_MODEL) }) },
      { name: 'model name with markdown, HTML and control characters', text: call({ model: q(HOSTILE_MODEL_NAME) }) },
      { name: '10,000 messages', text: call({ contents: ten(10_000, (index) => q(`Message ${index}.`)) }) },
      { name: '10,000 placeholders', text: call({ contents: [interpolatedLiteral(family, 10_000)] }) },
      { name: '10,000-piece concatenation', text: call({ contents: [ten(10_000, (index) => q(`piece ${index} `)).join(' + ')] }) },
      { name: 'unterminated literal in a call', text: call({ contents: [unterminated[family]] }) },
      { name: 'call cut off inside its prompt', text: call({ contents: [q('Summarise the ticket.')] }).split('Summarise')[0] + 'Summarise the' },
      { name: 'nested brackets on short lines', text: call({}) + nestedBrackets(400_000).replace(/(.)/g, '$1\n') },
      { name: 'special tokens in the prompt', text: call({ contents: [q(SPECIAL_TOKENS)] }) },
    ];
  }
  const file = (parts: Partial<PromptFileParts>) => promptFileSource(family, { model: 'gpt-4o', cap: null, bodies: ['Summarise the ticket.'], ...parts });
  const bodyCases: StructuredCase[] = [
    { name: '10,000 placeholders', text: file({ bodies: [ten(10_000, (index) => `part ${index}: {{value_${index}}}`).join(' ')] }) },
    { name: 'special tokens in the prompt', text: file({ bodies: [SPECIAL_TOKENS] }) },
    { name: 'unclosed placeholders', text: file({ bodies: ['Hello {{name and {% if x %} and {{#each}} and ${input:x'] }) },
  ];
  if (family === 'template' || family === 'plain') return bodyCases;
  const frontMatter = (yaml: string) => (family === 'github-models' ? `${yaml}\nmessages:\n  - role: user\n    content: Summarise the ticket.\n` : `---\n${yaml}\n---\nSummarise the ticket.\n`);
  const capKey = family === 'github-models' ? 'modelParameters:\n  maxTokens' : 'model:\n  api: chat\n  parameters:\n    max_tokens';
  const cases: StructuredCase[] = [
    ...bodyCases,
    { name: 'billion laughs defined and never used', text: frontMatter(BILLION_LAUGHS_ANCHORS) },
    { name: 'billion laughs as the model', text: frontMatter(`${BILLION_LAUGHS_ANCHORS}\nmodel: *i`) },
    { name: 'billion laughs as the sample data', text: frontMatter(`${BILLION_LAUGHS_ANCHORS}\nsample: *i\ntestData: *i\ninputs: *i`) },
    { name: 'YAML indented with tabs', text: frontMatter('name: tabs\nmodel:\n\tid: gpt-4o\n\toptions:\n\t\tmaxOutputTokens: 10') },
    { name: 'duplicate keys', text: frontMatter('model: gpt-4o\nmodel: gpt-4o-mini\nname: a\nname: b') },
    { name: 'model: [1,2]', text: frontMatter('model: [1,2]') },
    { name: 'unknown model', text: file({ model: UNKNOWN_MODEL }) },
    { name: 'model name with markdown, HTML and control characters', text: file({ model: JSON.stringify(HOSTILE_MODEL_NAME) }) },
    { name: '10,000 messages', text: file({ bodies: ten(10_000, (index) => `Message ${index}.`) }) },
  ];
  if (family !== 'vscode-prompt') {
    cases.push(
      { name: 'cap -1', text: frontMatter(`${capKey}: -1`) },
      { name: 'cap 1e309', text: frontMatter(`${capKey}: 1e309`) },
      { name: 'cap of 400 digits', text: frontMatter(`${capKey}: ${HUGE_DIGITS}`) },
      { name: 'cap of 400 digits as text', text: frontMatter(`${capKey}: "${HUGE_DIGITS}"`) },
      { name: 'cap "lots"', text: frontMatter(`${capKey}: "lots"`) },
    );
  }
  return cases;
}
