"""What a request must pass before the app reads its body, as plain ASGI middleware.

A write (any method but GET, HEAD and OPTIONS) needs a key whose role allows it (401,
403) and a JSON body (415): checked on the headers, so a client without a key learns
that first, whatever it sent. Every body must stay within a size however it is sent,
declared or chunked (413), and arrive in time (408): a client that opens a request and
trickles its body must not hold a worker.
"""
from __future__ import annotations

import asyncio
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasid.access import allows
from rasid.store import Store

READING = ("GET", "HEAD", "OPTIONS")


class RequestGuard:
    def __init__(self, app: ASGIApp, store: Store, roles: dict[str, str], limit: int, body_timeout: float) -> None:
        self.app, self.store, self.roles = app, store, roles  # path pattern (a regex) -> the role a write there needs
        self.limit, self.body_timeout = limit, body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        if scope["method"] not in READING and (refusal := await self._refusal(scope, headers)):
            return await _answer(send, *refusal)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            return await _answer(send, 413, f"request body over {self.limit} bytes")
        answered, seen, complete = False, 0, False

        async def guarded_receive() -> Message:
            nonlocal answered, seen, complete
            if answered:
                return {"type": "http.disconnect"}
            if complete:  # the body is in: what follows is a wait for the client to go
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except asyncio.TimeoutError:
                answered = True
                await _answer(send, 408, f"the request body did not arrive within {self.body_timeout:g} s")
                return {"type": "http.disconnect"}
            seen += len(message.get("body", b""))
            complete = not message.get("more_body", False)
            if seen > self.limit:
                answered = True
                await _answer(send, 413, f"request body over {self.limit} bytes")
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not answered:  # once refused, what the app still says goes nowhere
                await send(message)

        await self.app(scope, guarded_receive, guarded_send)

    async def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        path = scope["path"]
        needed = next((role for pattern, role in self.roles.items() if re.fullmatch(pattern, path)), "admin")
        key = await run_in_threadpool(self.store.api_key, headers.get("x-api-key"))
        if key is None:
            return 401, "a valid X-API-Key header is needed to write; create one with 'rasid apikey create NAME'"
        name, role = key
        state = scope.setdefault("state", {})  # the endpoint's request.state: who wrote, and may what
        state["api_key_name"], state["api_key_role"] = name, role
        if not allows(role, needed):
            return 403, f"this key's role is {role}; {path} needs a {needed} key"
        media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        bodiless = scope["method"] == "DELETE" or (headers.get("content-length") in (None, "0")
                                                    and "transfer-encoding" not in headers)
        if media != "application/json" and not bodiless:  # nothing to read, nothing to type
            return 415, f"send the body as application/json, not {media or 'no content type'}"
        return None


def error_response(status: int, message: str, **more: Any) -> JSONResponse:
    """The API's one shape of error: ``{"error": {"status", "message", ...}}``."""
    return JSONResponse({"error": {"status": status, "message": message, **more}}, status_code=status)


async def _answer(send: Send, status: int, message: str) -> None:
    await error_response(status, message)({"type": "http"}, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}
