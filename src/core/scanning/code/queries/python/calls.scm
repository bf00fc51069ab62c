; Candidate calls: the SDK table decides by the callee's last name.

; client.chat.completions.create(...), completion(...), OpenAI(...)
(call
  function: (_) @callee) @call
