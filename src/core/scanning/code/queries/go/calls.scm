; Candidate calls: method calls on a value or package; the SDK table decides by the last name.

; client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{…})
(call_expression
  function: (selector_expression) @callee) @call
