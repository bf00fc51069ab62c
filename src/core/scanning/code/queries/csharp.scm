; ==== Calls ====

; Candidate calls: every invocation; the SDK table decides by the callee's last name.

; chatClient.CompleteChatAsync(messages, options)
(invocation_expression function: (_) @callee) @call

; ==== Bindings ====

; Scopes
;-------

[
  (method_declaration)
  (constructor_declaration)
  (local_function_statement)
  (lambda_expression)
] @scope.function

[(class_declaration) (struct_declaration) (record_declaration)] @scope.class

; Bindings
;---------

; var model = "…";
(variable_declarator name: (identifier) @name (_) @value) @assign

; model = "…";
(assignment_expression left: (identifier) @name right: (_) @value) @assign

; void Ask(string model)
(parameter name: (identifier) @name) @parameter

; Semantic Kernel: history.AddUserMessage(…) adds a message to the ChatHistory a later call sends.
(invocation_expression
  function: (member_access_expression
    expression: (identifier) @name
    name: (identifier) @method
    (#any-of? @method "AddUserMessage" "AddSystemMessage" "AddAssistantMessage" "AddDeveloperMessage"))) @value @append

; Imports
;--------

; using OpenAI.Chat;
(using_directive (_) @module) @import

; ==== Prompts ====

; Stand-alone prompt strings come from the bindings: a string bound to a prompt-ish name (`var systemPrompt = "…";`).
