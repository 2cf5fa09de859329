"""Writes the request bodies the benchmarks send, into the directory given: embeddings, streamed chat, the agents'
APIs streamed (Codex: /v1/responses; Claude Code: /v1/messages) and a 100k-token-sized chat prompt (~400 KB); and the
same Messages and Responses calls on a chat-only model, which the gateway translates (streamed, and answered whole);
and the native Responses upstream's stream (nginx serves it from the file: it is longer than a directive may be).

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
    # chat completions on a Messages-only model (Anthropic's): against "stream" and "chat", the same bodies served natively
    "translated-chat": {**chat, "model": "bench-claude", "stream": True},
    "translated-chat-plain": {**chat, "model": "bench-claude-plain"},
    "large": {"model": "bench-chat", "max_tokens": 128,
              "messages": [{"role": "system", "content": context}, {"role": "user", "content": question}]},
}
for name, body in bodies.items():
    with open(f"{work}/{name}-request.json", "w") as f:
        json.dump(body, f, separators=(",", ":"))


def responses_stream():
    """The Responses API's stream of a three-word answer as OpenAI sends it: every event, the full response object in
    response.created, response.in_progress and response.completed. The upstream of the native Responses calls."""
    def response(status, output, usage):
        return {"id": "resp_bench", "object": "response", "created_at": 1700000000, "status": status, "background": False,
                "error": None, "incomplete_details": None, "instructions": None, "max_output_tokens": 128, "max_tool_calls": None,
                "model": "upstream-chat", "output": output, "parallel_tool_calls": True, "previous_response_id": None,
                "prompt_cache_key": None, "reasoning": {"effort": None, "summary": None}, "safety_identifier": None,
                "service_tier": "auto", "store": store, "temperature": 1.0, "text": {"format": {"type": "text"}, "verbosity": "medium"},
                "tool_choice": "auto", "tools": [], "top_logprobs": 0, "top_p": 1.0, "truncation": "disabled", "usage": usage,
                "user": None, "metadata": {}}
    text = "Modelgate benchmark reply."
    def part(t):
        return {"type": "output_text", "annotations": [], "logprobs": [], "text": t}
    def item(status, content):
        return {"id": "msg_bench", "type": "message", "status": status, "content": content, "role": "assistant"}
    at = {"item_id": "msg_bench", "output_index": 0, "content_index": 0}
    usage = {"input_tokens": 42, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 3,
             "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 45}
    events = [("response.created", {"response": response("in_progress", [], None)}),
              ("response.in_progress", {"response": response("in_progress", [], None)}),
              ("response.output_item.added", {"output_index": 0, "item": item("in_progress", [])}),
              ("response.content_part.added", {**at, "part": part("")})]
    events += [("response.output_text.delta", {**at, "delta": d, "logprobs": []}) for d in ["Modelgate ", "benchmark ", "reply."]]
    events += [("response.output_text.done", {**at, "text": text, "logprobs": []}),
               ("response.content_part.done", {**at, "part": part(text)}),
               ("response.output_item.done", {"output_index": 0, "item": item("completed", [part(text)])}),
               ("response.completed", {"response": response("completed", [item("completed", [part(text)])], usage)})]
    return "".join(f"event: {name}\ndata: {json.dumps({'type': name, 'sequence_number': i, **fields}, separators=(',', ':'))}\n\n"
                   for i, (name, fields) in enumerate(events))


with open(f"{work}/responses-stream.sse", "w") as f:
    f.write(responses_stream())
