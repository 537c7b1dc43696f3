"""Model-backed extraction, judging and writing; `client` is the only door to the OpenAI SDK."""
