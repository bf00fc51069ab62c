; Candidate calls: every method invocation; the SDK table decides by the method name.
; No field capture: `name` follows the receiver chain, so a pattern waiting for it would stay in progress through
; every level of a long builder chain (10,000 steps took seconds); the call node alone completes on entry.

; client.chat().completions().create(params)
(method_invocation) @call
