; Stand-alone prompt strings: the adapter keeps those bound to prompt-ish names, message contents and templates.

; SYSTEM_PROMPT = """…""", self.instructions = "…"
(assignment
  left: [(identifier) (attribute)] @prompt.name
  right: [(string) (concatenated_string) (binary_operator) (call) (parenthesized_expression)] @prompt.value)

; Agent(instructions="…"), PromptTemplate(template="…")
(keyword_argument
  name: (identifier) @prompt.name
  value: [(string) (concatenated_string) (binary_operator) (call) (parenthesized_expression)] @prompt.value)

; {"role": "system", "content": "…"}
(pair
  key: (string) @prompt.name
  value: [(string) (concatenated_string) (binary_operator) (call) (parenthesized_expression)] @prompt.value)

; def build_prompt(): return f"…"
(function_definition
  name: (identifier) @prompt.function
  body: (block
    (return_statement
      [(string) (concatenated_string) (binary_operator) (call)] @prompt.returned)))
