; Candidate calls: every call and `new`; the SDK table decides by the callee's last name.

; client.chat.completions.create({...}), generateText({...})
(call_expression
  function: (_) @callee) @call

; new OpenAI({...}), new ChatOpenAI({...})
(new_expression
  constructor: (_) @callee) @call
