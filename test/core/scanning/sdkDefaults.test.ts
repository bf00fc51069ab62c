// Issue 10, corpus 6 fixes: models, caps and system prompts that a careful reader resolves elsewhere in the same file
// (Semantic Kernel registrations, Spring AI ChatClient defaults, a Hugging Face client's model), and the Azure AI
// Inference REST client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertCapFix } from '../../../src/core/rules/capFix';
import { applyTextEdits } from '../../../src/core/rules/textEdits';
import { brief, calls, messages } from './callSummaries';

const KERNEL = `using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

public class Chat
{
    public async Task<string> Ask(ChatHistory history, string key)
    {
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(modelId: "gpt-4o-mini", apiKey: key);
        var service = builder.Build().GetRequiredService<IChatCompletionService>();
        var reply = await service.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 200 });
        return reply.Content;
    }

    public async Task<string> Other(ChatHistory history, string endpoint, string key)
    {
        var kernel = Kernel.CreateBuilder().AddAzureOpenAIChatCompletion("gpt-4.1", endpoint, key).Build();
        var service = kernel.GetRequiredService<IChatCompletionService>();
        var direct = new OpenAIChatCompletionService(modelId: "o4-mini", apiKey: key);
        var first = await service.GetChatMessageContentAsync(history);
        var second = await direct.GetChatMessageContentAsync(history);
        return first.Content + second.Content;
    }
}
`;

test('Semantic Kernel: a call takes the model registered on the kernel builder nearest before it; a service built in view keeps its own', async () => {
  const sites = await calls('Chat.cs', KERNEL);
  assert.deepEqual(sites.map(brief), [
    ['semantic-kernel.chat', 'openai', 'gpt-4o-mini', 200, 'MaxTokens'],
    // `AddAzureOpenAIChatCompletion(deploymentName, …)` positionally: the deployment, named like its model.
    ['semantic-kernel.chat', 'openai', 'gpt-4.1', null, null],
    ['semantic-kernel.chat', 'openai', 'o4-mini', null, null],
  ]);
  const [first] = sites;
  assert.equal(KERNEL.slice(first.modelSpan!.start, first.modelSpan!.end), '"gpt-4o-mini"');
});

test('Semantic Kernel: a registration after the call counts only when it is the file\'s only one; none leaves the model unknown', async () => {
  const later = `using Microsoft.SemanticKernel;\nclass A {\n  async Task<string> Ask(IChatCompletionService chat, ChatHistory h) => (await chat.GetChatMessageContentAsync(h)).Content;\n  static Kernel Build() => Kernel.CreateBuilder().AddMistralChatCompletion(modelId: "mistral-small-latest", apiKey: "k").Build();\n}\n`;
  assert.deepEqual((await calls('A.cs', later)).map(brief), [['semantic-kernel.chat', 'mistral', 'mistral-small-latest', null, null]]);
  const two = later.replace('  static Kernel Build()', '  static Kernel Other() => Kernel.CreateBuilder().AddOllamaChatCompletion(modelId: "llama3.2").Build();\n  static Kernel Build()');
  assert.deepEqual((await calls('A.cs', two)).map(brief), [['semantic-kernel.chat', null, null, null, null]]);
});

const SPRING = `import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

class Support {
    private final ChatClient chatClient;
    private final ChatClient plain;

    Support(ChatModel chatModel, ChatClient.Builder builder) {
        this.chatClient = ChatClient.builder(chatModel)
                .defaultSystem("You answer billing questions.")
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").maxTokens(400).build())
                .build();
        this.plain = builder.build();
    }

    String answer(String question) {
        return chatClient.prompt().user(question).call().content();
    }

    String brief(String question) {
        return chatClient.prompt().system("Be brief.").user(question).options(OpenAiChatOptions.builder().maxTokens(60).build()).call().content();
    }

    String other(String question) {
        return plain.prompt().user(question).call().content();
    }
}
`;

test('Spring AI: ChatClient.builder(…).defaultSystem(…).defaultOptions(…) in the class gives its prompt() chains their model, cap and system prompt', async () => {
  const [answer, brief2, other] = await calls('Support.java', SPRING);
  assert.deepEqual(brief(answer), ['spring-ai.ChatClient', 'openai', 'gpt-4o-mini', 400, 'maxTokens']);
  assert.deepEqual(messages(answer), ['system: You answer billing questions.', 'user: {question}']);
  // The call's options win per option: its cap, the default model; the default system prompt comes first.
  assert.deepEqual(brief(brief2), ['spring-ai.ChatClient', 'openai', 'gpt-4o-mini', 60, 'maxTokens']);
  assert.deepEqual(messages(brief2), ['system: You answer billing questions.', 'system: Be brief.', 'user: {question}']);
  // A client from an injected builder: configuration decides model and cap.
  assert.deepEqual(brief(other), ['spring-ai.ChatClient', null, null, 'non-literal', null]);
});

test("Hugging Face: InferenceClient(model=…) is its calls' model; chat_completion takes its messages positionally", async () => {
  const text = 'from huggingface_hub import InferenceClient\nclient = InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")\nother = InferenceClient()\n\ndef ask(history):\n    return client.chat_completion(history, max_tokens=100)\n\ndef pick(q):\n    return other.chat_completion([{"role": "user", "content": q}], model="Qwen/Qwen2.5-7B-Instruct")\n';
  const [ask, pick] = await calls('hf.py', text);
  assert.deepEqual(brief(ask), ['huggingface.chat', 'huggingface', 'HuggingFaceH4/zephyr-7b-beta', 100, 'max_tokens']);
  assert.deepEqual(messages(ask), ['user: {history}']);
  assert.deepEqual(brief(pick), ['huggingface.chat', 'huggingface', 'Qwen/Qwen2.5-7B-Instruct', null, null]);
  assert.deepEqual(messages(pick), ['user: {q}']);
});

test('Azure AI Inference REST client: path("/chat/completions").post({ body }) is a call; the cap fix goes into the body beside the model', async () => {
  const text = "import ModelClient from '@azure-rest/ai-inference';\nconst client = ModelClient(endpoint, credential);\nexport async function ask(question: string) {\n  return client.path('/chat/completions').post({ body: { model: 'gpt-4o', messages: [{ role: 'user', content: question }] } });\n}\nexport const models = await client.path('/info').get();\n";
  const [site] = await calls('a.ts', text);
  assert.deepEqual(brief(site), ['azure-ai-inference.chat', 'azure-ai', 'gpt-4o', null, null]);
  assert.deepEqual(messages(site), ['user: {question}']);
  const fix = insertCapFix(text, site, 500);
  assert.equal(fix?.title, 'Add max_tokens: 500');
  assert.match(applyTextEdits(text, fix!.edits), /post\(\{ body: \{ model: 'gpt-4o', max_tokens: 500, messages:/);
  // Another route of the same client is no chat call.
  assert.deepEqual(await calls('b.ts', text.replace("'/chat/completions'", "'/embeddings'")), []);
});

test('Semantic Kernel: a ChatHistory built in view is sent as its messages, with their roles, in order', async () => {
  const text = `using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
class H {
    async Task<string> Ask(IChatCompletionService chat, string question, string earlier)
    {
        var history = new ChatHistory("You are a help-desk assistant.");
        history.AddUserMessage(earlier);
        history.AddAssistantMessage("Noted.");
        history.AddUserMessage($"Now: {question}");
        var reply = await chat.GetChatMessageContentAsync(history);
        history.AddUserMessage("sent later, not part of this call");
        return reply.Content;
    }
}
`;
  const [site] = await calls('H.cs', text);
  assert.deepEqual(messages(site), ['system: You are a help-desk assistant.', 'user: {earlier}', 'assistant: Noted.', 'user: Now: {question}']);
});

test('Spring AI: a user(u -> u.text(…).param(…)) spec reads its {name} template fields as placeholders', async () => {
  const text = SPRING.replace('return chatClient.prompt().user(question).call().content();', 'return chatClient.prompt().user(u -> u.text("Classify: {ticket} for {team}").param("ticket", question).param("team", "billing")).call().content();');
  const [site] = await calls('Support.java', text);
  assert.deepEqual(messages(site), ['system: You answer billing questions.', 'user: Classify: {ticket} for {team}']);
  const placeholder = site.messages[1].segments.find((segment) => segment.kind === 'dynamic')!;
  assert.equal(text.slice(placeholder.span!.start, placeholder.span!.end), '{ticket}');
});
