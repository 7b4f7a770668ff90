"""A cap on request bodies, enforced before any route parses one."""

from __future__ import annotations

import json
from typing import Any

MAX_BODY_BYTES = 1 << 20
"""A run request is a scenario name and some hundred parameter values: well under 64 KiB."""


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes (declared or actually sent) gets 413 unread."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            await too_large(send, self.limit)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await too_large(send, self.limit)
                return
        await self.app(
            scope, _replay([{"type": "http.request", "body": b"".join(chunks), "more_body": False}], receive), send
        )


def _replay(messages: list[dict], then: Any = None) -> Any:
    """A ``receive`` that gives back ``messages``, then defers to ``then`` (e.g. for a disconnect)."""
    queue = list(messages)

    async def receive() -> dict:
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


async def too_large(send: Any, limit: int) -> None:
    body = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
