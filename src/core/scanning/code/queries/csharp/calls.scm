; Candidate calls: every invocation; the SDK table decides by the callee's last name.

; chatClient.CompleteChatAsync(messages, options)
(invocation_expression
  function: (_) @callee) @call
