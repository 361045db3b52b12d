"""Chat models (`llm:PROVIDER:MODEL`) for claim extraction and verification.

`chat.make_chat_model` builds one through langchain's `init_chat_model`; `prompts/` holds the
versioned prompt files; `parsers` turns the model's text into typed results (pure functions).
"""
