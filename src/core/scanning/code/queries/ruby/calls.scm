; Candidate calls: every call; the SDK table decides by the method name.
; No field capture: `method` follows the receiver, so a pattern waiting for it would stay in progress through a long chain.

; client.messages.create(model:, max_tokens:, messages:), client.chat(parameters: {…})
(call) @call
