// Issue 10's agent frameworks, model classes, community clients and raw HTTP requests: what each call yields beyond
// the SDK fixtures' one-line expectations (messages in send order, negatives that share a callee name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sdkModelConstant } from '../../../src/core/scanning/code/callShapes';
import { brief, calls, messages } from './callSummaries';

const root = join(__dirname, '../../../..');

test('OpenAI Agents SDK agents in Python and TypeScript carry their instructions as the system prompt', async () => {
  const [py] = await calls('a.py', 'from agents import Agent, Runner\nagent = Agent(name="Math", instructions="You solve math.", model="o4-mini")\nRunner.run_sync(agent, "2+2?")\n');
  assert.deepEqual(brief(py), ['openai-agents.Agent', 'openai', 'o4-mini', null, null]);
  assert.deepEqual(messages(py), ['system: You solve math.']);
  const [ts] = await calls('a.ts', "import { Agent, run } from '@openai/agents';\nconst agent = new Agent({ name: 'Poet', instructions: 'Write haiku.', model: 'gpt-4.1', modelSettings: { maxTokens: 80 } });\nawait run(agent, 'rain');\n");
  assert.deepEqual(brief(ts), ['openai-agents.Agent', 'openai', 'gpt-4.1', 80, 'maxTokens']);
  assert.deepEqual(messages(ts), ['system: Write haiku.']);
});

test("an Agent class is a call only with its framework imported; pydantic-ai's provider comes from the model's prefix", async () => {
  assert.deepEqual(await calls('a.py', 'from myapp.agents import Agent\nagent = Agent(name="x", instructions="y", model="gpt-4o")\n'), []);
  const [site] = await calls('p.py', 'from pydantic_ai import Agent\nagent = Agent("anthropic:claude-3-5-haiku-latest", instructions="Reply in French.", system_prompt=("Be brief.", "No emoji."))\n');
  assert.deepEqual(brief(site), ['pydantic-ai.Agent', 'anthropic', 'anthropic:claude-3-5-haiku-latest', null, null]);
  assert.deepEqual(messages(site), ['system: Reply in French.', 'system: Be brief.No emoji.']);
});

test('LlamaIndex LLM classes are model objects only when imported from llama_index; the OpenAI SDK client is not one', async () => {
  assert.deepEqual(await calls('o.py', 'from openai import OpenAI\nclient = OpenAI(api_key="k")\n'), []);
  const [site] = await calls('l.py', 'from llama_index.llms.ollama import Ollama\nfrom llama_index.core import Settings\nSettings.llm = Ollama(model="llama3.1:8b", request_timeout=120.0)\n');
  assert.deepEqual(brief(site), ['llamaindex.llm', 'ollama', 'llama3.1:8b', null, null]);
});

test('Claude Agent SDK query in TypeScript reads model and system prompt from its options', async () => {
  const [site] = await calls('c.ts', "import { query } from '@anthropic-ai/claude-agent-sdk';\nfor await (const m of query({ prompt: 'Fix the failing test', options: { model: 'claude-opus-4-1', systemPrompt: 'You fix tests.', maxTurns: 5 } })) console.log(m);\n");
  assert.deepEqual(brief(site), ['claude-agent.query', 'anthropic', 'claude-opus-4-1', null, null]);
  assert.deepEqual(messages(site), ['system: You fix tests.', 'user: Fix the failing test']);
  assert.deepEqual(await calls('d.py', 'def query(sql):\n    return db.execute(sql)\nquery(prompt="x")\n'), []);
});

test('instructor: a patched client call keeps its own model; without instructor the same call is the OpenAI SDK', async () => {
  const text = 'import instructor\nfrom openai import OpenAI\nclient = instructor.from_openai(OpenAI())\nuser = client.chat.completions.create(model="gpt-4o", response_model=User, messages=[{"role": "system", "content": "Extract the user."}])\n';
  const [site] = await calls('i.py', text);
  assert.deepEqual(brief(site), ['instructor.create', 'openai', 'gpt-4o', null, null]);
  assert.deepEqual(messages(site), ['system: Extract the user.']);
  const [plain] = await calls('o.py', text.replace('import instructor\n', '').replace('instructor.from_openai(OpenAI())', 'OpenAI()'));
  assert.equal(plain.api, 'openai.chat.completions');
});

test('go-openai messages take their roles from the SDK role constants', async () => {
  const text = readFileSync(join(root, 'test/fixtures/code/sdks/openai.chat.completions.go-openai.go'), 'utf8');
  const [site] = await calls('g.go', text);
  assert.deepEqual(messages(site), ['system: You are a release-notes writer.', 'user: {question}']);
});

test('SDK model constants name the model they stand for', () => {
  assert.deepEqual(
    ['openai.GPT4o', 'openai.GPT4oMini', 'openai.GPT3Dot5Turbo', 'openai.GPT4Dot1Mini', 'openai.O1Mini', 'openai.ChatModelGPT4_1', 'openai.ChatModelO3Mini', 'anthropic.ModelClaudeSonnet4_5', 'anthropic.ModelClaude3_7SonnetLatest', 'anthropic.ModelClaude3_5Haiku20241022', 'ChatModel.GPT_4O_MINI', 'ChatModel.GPT_4_1', 'Model.CLAUDE_3_5_HAIKU_LATEST', 'OpenAiChatModelName.GPT_4_O', 'GPT_4_O_MINI', 'goopenai.GPT3Dot5Turbo', 'config.Model', 'openai.String', 'CLAUDE_MODEL', 'GPT4o'].map(sdkModelConstant),
    ['gpt-4o', 'gpt-4o-mini', 'gpt-3.5-turbo', 'gpt-4.1-mini', 'o1-mini', 'gpt-4.1', 'o3-mini', 'claude-sonnet-4-5', 'claude-3-7-sonnet-latest', 'claude-3-5-haiku-20241022', 'gpt-4o-mini', 'gpt-4.1', 'claude-3-5-haiku-latest', 'gpt-4o', 'gpt-4o-mini', 'gpt-3.5-turbo', null, null, null, null],
  );
});

test('raw HTTP requests: the body is read like the SDK call; relative URLs and other hosts are not provider calls', async () => {
  const text = readFileSync(join(root, 'test/fixtures/code/sdks/http.chat.completions.ts'), 'utf8');
  const [site] = await calls('h.ts', text);
  assert.deepEqual(messages(site), ['system: Summarize in one line.', 'user: {text}']);
  const [anthropic] = await calls('h.py', readFileSync(join(root, 'test/fixtures/code/sdks/http.anthropic.messages.py'), 'utf8'));
  assert.deepEqual(messages(anthropic), ['system: You label support tickets.', 'user: Printer on fire']);
  // An Express route, a browser call to the app's own API, a webhook: none is a generation request.
  assert.deepEqual(await calls('r.ts', "app.post('/api/chat', async (req, res) => res.json(await answer(req.body)));\nawait fetch('/api/chat', { method: 'POST', body: JSON.stringify({ messages }) });\n"), []);
  assert.deepEqual(await calls('w.py', 'import requests\nrequests.post("https://hooks.slack.com/services/x", json={"text": "deployed", "messages": []})\n'), []);
  // A gateway's base URL in a variable still ends in the endpoint path.
  const [gateway] = await calls('g.py', 'import httpx\nBASE = os.environ["LLM_BASE_URL"]\nr = httpx.post(f"{BASE}/chat/completions", json={"model": "deepseek/deepseek-chat", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 50})\n');
  assert.deepEqual(brief(gateway), ['http.chat.completions', 'deepseek', 'deepseek/deepseek-chat', 50, 'max_tokens']);
});

test('Bedrock Converse in Go, Java (consumer-builder lambdas) and C# (object and collection initializers)', async () => {
  const read = (name: string): string => readFileSync(join(root, 'test/fixtures/code/unit/bedrock', name), 'utf8');
  const [go] = await calls('converse.go', read('converse.go'));
  assert.deepEqual(brief(go), ['bedrock.converse', 'anthropic', 'anthropic.claude-3-haiku-20240307-v1:0', 512, 'MaxTokens']);
  assert.deepEqual(messages(go), ['system: Answer in French.', 'user: {prompt}']);
  const [java] = await calls('Converse.java', read('Converse.java'));
  assert.deepEqual(brief(java), ['bedrock.converse', 'amazon', 'amazon.nova-lite-v1:0', 512, 'maxTokens']);
  assert.deepEqual(messages(java), ['user: {question}']);
  const [cs] = await calls('Converse.cs', read('Converse.cs'));
  assert.deepEqual(brief(cs), ['bedrock.converse', 'meta', 'meta.llama3-8b-instruct-v1:0', 512, 'MaxTokens']);
  assert.deepEqual(messages(cs), ['user: {userMessage}']);
});

test('Spring AI prompt chains: messages in order; without options the client defaults leave model and cap unknown, not absent', async () => {
  const [site] = await calls('S.java', readFileSync(join(root, 'test/fixtures/code/sdks/spring-ai.ChatClient.java'), 'utf8'));
  assert.deepEqual(messages(site), ['system: You are a stand-up comedian.', 'user: Tell a joke about {topic}']);
  const [plain] = await calls('P.java', 'import org.springframework.ai.chat.client.ChatClient;\nclass P { String a(ChatClient c, String q) { return c.prompt(q).call().content(); } }\n');
  assert.deepEqual(brief(plain), ['spring-ai.ChatClient', null, null, 'non-literal', null]);
  assert.deepEqual(messages(plain), ['user: {q}']);
  // A builder of something else, or `call()` outside Spring AI, is no call.
  assert.deepEqual(await calls('Q.java', 'class Q { void a() { var r = HttpRequest.builder().uri(u).build(); var x = task.prompt().call(); } }\n'), []);
});

test('LangChain4j model constants and Semantic Kernel settings passed by name', async () => {
  const [model] = await calls('L.java', 'import dev.langchain4j.model.openai.OpenAiChatModel;\nimport static dev.langchain4j.model.openai.OpenAiChatModelName.GPT_4_O_MINI;\nclass L { Object m = OpenAiChatModel.builder().apiKey(k).modelName(GPT_4_O_MINI).build(); }\n');
  assert.deepEqual(brief(model), ['langchain4j.ChatModel', 'openai', 'gpt-4o-mini', null, null]);
  const [sk] = await calls('k.cs', 'using Microsoft.SemanticKernel;\nvar result = await kernel.InvokePromptAsync("Summarize: {{$input}}", executionSettings: new OpenAIPromptExecutionSettings { MaxTokens = 90 });\n');
  assert.deepEqual(brief(sk), ['semantic-kernel.chat', null, null, 90, 'MaxTokens']);
  assert.deepEqual(messages(sk), ['user: Summarize: {{$input}}']);
});

test("Anthropic's tool runner and OpenAI Java's createStreaming are their SDK's calls; count_tokens is none", async () => {
  const [runner] = await calls('t.py', 'import anthropic\nclient = anthropic.Anthropic()\nrunner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=[get_weather], messages=[{"role": "user", "content": "Weather in Paris?"}])\n');
  assert.deepEqual(brief(runner), ['anthropic.messages', 'anthropic', 'claude-sonnet-4-5', 1024, 'max_tokens']);
  assert.deepEqual(await calls('c.py', 'import anthropic\nclient = anthropic.Anthropic()\nn = client.messages.count_tokens(model="claude-sonnet-4-5", messages=[{"role": "user", "content": "Hi"}])\n'), []);
  const [java] = await calls('S.java', 'import com.openai.models.ChatModel;\nclass S { void a() { client.chat().completions().createStreaming(ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).maxCompletionTokens(100).addUserMessage("Hi").build()); } }\n');
  assert.deepEqual(brief(java), ['openai.chat.completions', 'openai', 'gpt-4o-mini', 100, 'maxCompletionTokens']);
});

test('Vertex AI SDKs: getGenerativeModel (Node) and GenerativeModel chat sessions (Python) carry model, cap and system instruction', async () => {
  const node = "import { VertexAI } from '@google-cloud/vertexai';\nconst vertexAI = new VertexAI({ project: 'demo', location: 'us-central1' });\nconst model = vertexAI.preview.getGenerativeModel({ model: 'gemini-1.5-flash', generationConfig: { maxOutputTokens: 2048 }, systemInstruction: 'You are terse.' });\nexport const ask = (q: string) => model.generateContent(q);\n";
  const [ts] = await calls('v.ts', node);
  assert.deepEqual(brief(ts), ['google.generateContent', 'google', 'gemini-1.5-flash', 2048, 'maxOutputTokens']);
  assert.deepEqual(messages(ts), ['system: You are terse.', 'user: {q}']);
  const python = 'import vertexai\nfrom vertexai.generative_models import GenerativeModel\nmodel = GenerativeModel("gemini-1.5-pro", system_instruction=["You are a librarian."])\nchat = model.start_chat()\nreply = chat.send_message("Recommend a book", generation_config={"max_output_tokens": 256})\n';
  const [py] = await calls('v.py', python);
  assert.deepEqual(brief(py), ['google.chat', 'google', 'gemini-1.5-pro', 256, 'max_output_tokens']);
  assert.deepEqual(messages(py), ['system: You are a librarian.', 'user: Recommend a book']);
});

test('Ruby: langchainrb clients take model and cap from default_options; ruby-openai parameters built in a variable', async () => {
  const [lc] = await calls('l.rb', 'require "langchain"\nllm = Langchain::LLM::Anthropic.new(api_key: key, default_options: { chat_model: "claude-3-5-sonnet-latest", max_tokens: 500 })\nllm.chat(messages: [{ role: "user", content: question }])\n');
  assert.deepEqual(brief(lc), ['langchainrb.chat', 'anthropic', 'claude-3-5-sonnet-latest', 500, 'max_tokens']);
  assert.deepEqual(messages(lc), ['user: {question}']);
  const [ro] = await calls('r.rb', 'require "openai"\nclient = OpenAI::Client.new(access_token: token)\nparams = { model: "gpt-4o-mini", messages: [{ role: "system", content: "You are a poet." }, { role: "user", content: topic }], max_tokens: 120 }\nresponse = client.chat(parameters: params)\n');
  assert.deepEqual(brief(ro), ['openai.chat.completions', 'openai', 'gpt-4o-mini', 120, 'max_tokens']);
  assert.deepEqual(messages(ro), ['system: You are a poet.', 'user: {topic}']);
});
