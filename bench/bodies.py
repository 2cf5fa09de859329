"""Writes the request bodies the benchmarks send, into the directory given: embeddings, streamed chat, the agents'
APIs streamed (Codex: /v1/responses; Claude Code: /v1/messages) and a 100k-token-sized chat prompt (~400 KB); and the
same Messages and Responses calls on a chat-only model, which the gateway translates (streamed, and answered whole).

    python3 bench/bodies.py WORK [store]     store: true (default) | false, whether /v1/responses stores its answers
"""
import json
import sys

work = sys.argv[1]
store = (sys.argv[2] if len(sys.argv) > 2 else "true") == "true"
chat = json.load(open("bench/chat-request.json"))
question = "Summarise the request in two short sentences for the caller, then list three follow-up questions."
context = ("The quick brown fox jumps over the lazy dog while the gateway relays every byte it is given. " * 4300)[:400_000]
bodies = {
    "embed": {"model": "bench-embed", "input": ["The quick brown fox jumps over the lazy dog."]},
    "stream": {**chat, "model": "bench-stream", "stream": True},
    "responses": {"model": "bench-responses", "input": question, "stream": True, "max_output_tokens": 128, "store": store},
    "messages": {"model": "bench-claude", "max_tokens": 128, "stream": True, "messages": [{"role": "user", "content": question}]},
    "messages-plain": {"model": "bench-claude-plain", "max_tokens": 128, "messages": [{"role": "user", "content": question}]},
    "translated": {"model": "bench-qwen", "max_tokens": 128, "stream": True, "messages": [{"role": "user", "content": question}]},
    "translated-plain": {"model": "bench-qwen-plain", "max_tokens": 128, "messages": [{"role": "user", "content": question}]},
    "translated-responses": {"model": "bench-qwen", "input": question, "stream": True, "max_output_tokens": 128, "store": False},
    "large": {"model": "bench-chat", "max_tokens": 128,
              "messages": [{"role": "system", "content": context}, {"role": "user", "content": question}]},
}
for name, body in bodies.items():
    with open(f"{work}/{name}-request.json", "w") as f:
        json.dump(body, f, separators=(",", ":"))
