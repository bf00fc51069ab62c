// Issue 10, corpus 7 fixes: Bedrock InvokeModel with native bodies in Go, Java and C#, the Go Ollama client, raw HTTP
// shapes (method-first requests, legacy completions, Assistants runs), calls on test doubles (no request), a Ruby cap
// set after its hash is built, and the host as the provider of hosted-inference SDKs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, calls, messages } from './callSummaries';

test('Go: Bedrock InvokeModel reads the body json.Marshal encodes, a struct with json tags or a string-keyed map', async () => {
  const sites = await calls('bedrock.go', `package llm

import (
    "context"
    "encoding/json"

    "github.com/aws/aws-sdk-go-v2/aws"
    "github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
)

type request struct {
    MaxTokens int       \`json:"max_tokens"\`
    Messages  []message \`json:"messages"\`
}

type message struct {
    Role    string \`json:"role"\`
    Content string \`json:"content"\`
}

func Ask(ctx context.Context, client *bedrockruntime.Client, question string) error {
    body, _ := json.Marshal(request{MaxTokens: 400, Messages: []message{{Role: "user", Content: question}}})
    _, err := client.InvokeModel(ctx, &bedrockruntime.InvokeModelInput{ModelId: aws.String("anthropic.claude-3-haiku-20240307-v1:0"), Body: body})
    if err != nil {
        return err
    }
    payload, _ := json.Marshal(map[string]any{"prompt": question, "max_gen_len": 256})
    _, err = client.InvokeModelWithResponseStream(ctx, &bedrockruntime.InvokeModelWithResponseStreamInput{ModelId: aws.String("meta.llama3-8b-instruct-v1:0"), Body: payload})
    return err
}
`);
  assert.deepEqual(sites.map(brief), [
    ['bedrock.invokeModel', 'anthropic', 'anthropic.claude-3-haiku-20240307-v1:0', 400, 'MaxTokens'],
    ['bedrock.invokeModel', 'meta', 'meta.llama3-8b-instruct-v1:0', 256, 'max_gen_len'],
  ]);
  assert.deepEqual(sites.map(messages), [['user: {question}'], ['user: {question}']]);
});

test('Java: Bedrock invokeModel reads an org.json put chain and a JSON text block filled by replace', async () => {
  const sites = await calls('Claims.java', `import org.json.JSONObject;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class Claims {
    private final BedrockRuntimeClient client = BedrockRuntimeClient.create();

    String titan(String claim) {
        String request = new JSONObject()
                .put("inputText", "Write a note: " + claim)
                .put("textGenerationConfig", new JSONObject().put("maxTokenCount", 300))
                .toString();
        return client.invokeModel(r -> r.modelId("amazon.titan-text-express-v1").body(SdkBytes.fromUtf8String(request))).body().asUtf8String();
    }

    String claude(String claim) {
        String body = """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512,
                 "messages": [{"role": "user", "content": "Summarise: {{claim}}"}]}
                """.replace("{{claim}}", claim);
        return client.invokeModel(r -> r.modelId("anthropic.claude-3-haiku-20240307-v1:0").body(SdkBytes.fromUtf8String(body))).body().asUtf8String();
    }
}
`);
  assert.deepEqual(sites.map(brief), [
    ['bedrock.invokeModel', 'amazon', 'amazon.titan-text-express-v1', 300, 'maxTokenCount'],
    ['bedrock.invokeModel', 'anthropic', 'anthropic.claude-3-haiku-20240307-v1:0', 512, 'max_tokens'],
  ]);
  assert.deepEqual(sites.map(messages), [['user: Write a note: {claim}'], ['user: Summarise: {claim}']]);
});

test('C#: Bedrock InvokeModelAsync reads the anonymous object JsonSerializer serialises into the body stream', async () => {
  const sites = await calls('Bot.cs', `using System.Text;
using System.Text.Json;
using Amazon.BedrockRuntime;
using Amazon.BedrockRuntime.Model;

public class Bot
{
    private readonly AmazonBedrockRuntimeClient _client = new();

    public async Task<string> AskAsync(string question)
    {
        var json = JsonSerializer.Serialize(new { anthropic_version = "bedrock-2023-05-31", max_tokens = 450, system = "Be brief.", messages = new[] { new { role = "user", content = question } } });
        var response = await _client.InvokeModelAsync(new InvokeModelRequest { ModelId = "anthropic.claude-3-5-sonnet-20240620-v1:0", Body = new MemoryStream(Encoding.UTF8.GetBytes(json)) });
        return response.ContentType;
    }
}
`);
  assert.deepEqual(sites.map(brief), [['bedrock.invokeModel', 'anthropic', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 450, 'max_tokens']]);
  assert.deepEqual(sites.map(messages), [['system: Be brief.', 'user: {question}']]);
});

test('Go: the Ollama client Chat and Generate are calls, the cap in a string-keyed Options map', async () => {
  const sites = await calls('local.go', `package local

import (
    "context"

    "github.com/ollama/ollama/api"
)

func Ask(ctx context.Context, client *api.Client, question string) error {
    err := client.Chat(ctx, &api.ChatRequest{
        Model:    "llama3.2",
        Messages: []api.Message{{Role: "user", Content: question}},
        Options:  map[string]any{"num_predict": 128, "temperature": 0.2},
    }, func(api.ChatResponse) error { return nil })
    if err != nil {
        return err
    }
    return client.Generate(ctx, &api.GenerateRequest{Model: "codegemma", System: "Complete the code.", Prompt: question}, func(api.GenerateResponse) error { return nil })
}
`);
  assert.deepEqual(sites.map(brief), [
    ['ollama.chat', 'ollama', 'llama3.2', 128, 'num_predict'],
    ['ollama.generate', 'ollama', 'codegemma', null, null],
  ]);
  assert.deepEqual(sites.map(messages), [['user: {question}'], ['system: Complete the code.', 'user: {question}']]);
});

test('raw HTTP: a method-first request (httpx.stream), legacy /v1/completions and an Assistants run are calls', async () => {
  const sites = await calls('client.py', `import httpx
import requests

URL = "https://api.openai.com/v1/chat/completions"


def stream(question):
    with httpx.stream("POST", URL, json={"model": "gpt-4o", "messages": [{"role": "user", "content": question}], "max_tokens": 200}) as resp:
        yield from resp.iter_lines()


def complete(prefix):
    return requests.post("https://api.openai.com/v1/completions", json={"model": "gpt-3.5-turbo-instruct", "prompt": prefix, "max_tokens": 60})


def run(thread_id, assistant_id):
    return requests.post(f"https://api.openai.com/v1/threads/{thread_id}/runs", json={"assistant_id": assistant_id, "instructions": "Be the billing bot.", "max_completion_tokens": 500})


def page(url):
    return httpx.stream("GET", "https://example.com/v1/chat/completions")
`);
  assert.deepEqual(sites.map(brief), [
    ['http.chat.completions', 'openai', 'gpt-4o', 200, 'max_tokens'],
    ['http.completions', 'openai', 'gpt-3.5-turbo-instruct', 60, 'max_tokens'],
    ['http.assistants.runs', 'openai', null, 500, 'max_completion_tokens'],
  ]);
  assert.deepEqual(sites.map(messages), [['user: {question}'], ['user: {prefix}'], ['system: Be the billing bot.']]);
});

test('calls on test doubles are not calls: a mock client, a patched function, a mocked module, a test model', async () => {
  const python = await calls('test_bot.py', `from unittest.mock import AsyncMock, patch

import ollama
from pydantic_ai import Agent
from pydantic_ai.models.test import TestModel


async def test_reply():
    client = AsyncMock()
    await client.messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[])


def test_local():
    with patch("ollama.chat") as fake:
        ollama.chat(model="llama3.2", messages=[])


def test_agent():
    Agent(TestModel(), system_prompt="Summarise.")


def real():
    return ollama.generate(model="phi4", prompt="hi")
`);
  assert.deepEqual(python.map(brief), [['ollama.generate', 'ollama', 'phi4', null, null]]);
  const typescript = await calls('bot.spec.ts', `import OpenAI from 'openai';
import { vi } from 'vitest';

vi.mock('openai');

it('replies', async () => {
  const client = new OpenAI();
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  const fake = { chat: { completions: { create: vi.fn() } } };
  const stub = vi.fn();
  await stub.chat.completions.create({ model: 'gpt-4o', messages: [] });
});
`);
  assert.deepEqual(typescript.map(brief), []);
});

test('Ruby: a cap set on the parameters hash after it is built (params[:max_tokens] = …) is the call\'s cap', async () => {
  const sites = await calls('digest.rb', `require "openai"

class Digest
  def run(question)
    client = OpenAI::Client.new
    params = { model: "gpt-4o", messages: [{ role: "user", content: question }] }
    params["max_tokens"] = 70
    client.chat(parameters: params)
    opts = { model: "gpt-4o-mini", messages: [{ role: "user", content: question }] }
    client.chat(parameters: opts)
    opts[:max_tokens] = 90
  end
end
`);
  assert.deepEqual(sites.map(brief), [
    ['openai.chat.completions', 'openai', 'gpt-4o', 70, 'max_tokens'],
    ['openai.chat.completions', 'openai', 'gpt-4o-mini', null, null],
  ]);
});

test('a hosted-inference SDK bills its host whatever maker its model id names (Groq serving openai/gpt-oss-20b)', async () => {
  const sites = await calls('hosted.ts', `import Groq from 'groq-sdk';
import { InferenceClient } from '@huggingface/inference';

const groq = new Groq();
const hf = new InferenceClient(process.env.HF_TOKEN);

export async function ask(question: string) {
  await groq.chat.completions.create({ model: 'openai/gpt-oss-20b', messages: [{ role: 'user', content: question }], max_completion_tokens: 800 });
  await hf.chatCompletion({ model: 'openai/gpt-oss-120b', messages: [{ role: 'user', content: question }], max_tokens: 300 });
}
`);
  assert.deepEqual(sites.map(brief), [
    ['groq.chat.completions', 'groq', 'openai/gpt-oss-20b', 800, 'max_completion_tokens'],
    ['huggingface.chat', 'huggingface', 'openai/gpt-oss-120b', 300, 'max_tokens'],
  ]);
});

test('Python: a chat session opened on self.model takes the model and config that object was built with', async () => {
  const sites = await calls('tutor.py', `from vertexai.generative_models import GenerationConfig, GenerativeModel


class Tutor:
    def __init__(self):
        self.model = GenerativeModel("gemini-1.5-pro-002", system_instruction=["Be patient."])

    def chat(self, message):
        session = self.model.start_chat()
        return session.send_message(message, generation_config=GenerationConfig(max_output_tokens=200)).text
`);
  assert.deepEqual(sites.map(brief), [['google.chat', 'google', 'gemini-1.5-pro-002', 200, 'max_output_tokens']]);
  assert.deepEqual(sites.map(messages), [['system: Be patient.', 'user: {message}']]);
});
