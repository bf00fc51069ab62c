; Stand-alone prompt strings come from the bindings: a string bound to a prompt-ish name (`var systemPrompt = "…";`).
