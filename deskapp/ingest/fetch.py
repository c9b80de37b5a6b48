"""Every network read Deskapp makes: httpx, bounded in time, hops and size.

http(s) only; at most `MAX_REDIRECTS` redirects; user agent `deskapp/<version>`.
Conditional GET for feeds (ETag, Last-Modified): a 304 is a result, not an
error. Every failure is an IngestError with one line: DNS, refused, timeout,
4xx/5xx, redirect loop, oversize.

Time: httpx's timeouts hold each read, not the whole exchange (a server that
sends a byte every few seconds never trips them), so each fetch also runs under
one total deadline (`http_deadline`, 60 s by default) covering DNS, connect,
every redirect, the headers and the body. The request runs on an anyio event
loop inside a cancel scope (`anyio.fail_after`): when the deadline passes, the
pending connect or read is cancelled where it waits, whatever phase it is in.

Size: the body is read raw and decompressed here, never by httpx (whose
decoders inflate a whole chunk at once: 2 KB of nested gzip became 1 GiB in
memory). At most one content coding (gzip or deflate) is accepted, and
decompression stops as soon as the output passes `max_bytes`, so no response
costs more than about `max_bytes` of memory.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import httpx

from deskapp import __version__
from deskapp.ingest.errors import IngestError

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
DEADLINE = 60.0  # seconds, the whole fetch; config `http_deadline`
USER_AGENT = f"deskapp/{__version__}"
TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=10.0, pool=5.0)
_CODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_PIECE = 256 * 1024  # most decompressed bytes made from one step


@dataclass(slots=True)
class FetchResult:
    url: str  # where the body came from, after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise IngestError("only http:// and https:// URLs can be fetched")


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: httpx.Timeout = TIMEOUT,
    deadline: float | None = None,
) -> FetchResult:
    """GET a URL within the limits; raise IngestError with one line on any failure.

    `deadline` (seconds, default `DEADLINE`) bounds the whole fetch.
    `transport` is for tests (httpx.MockTransport).
    """
    check_url(url)
    limit = DEADLINE if deadline is None else deadline
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    run = partial(_fetch_within, url, headers, transport, max_bytes, timeout, limit)
    try:
        return _run(run)
    except TimeoutError:
        raise IngestError(f"timed out: no complete reply within {limit:g} s") from None
    except httpx.TooManyRedirects:
        raise IngestError(f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException as exc:
        what = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for a reply"
        raise IngestError(f"timed out {what}") from None
    except httpx.UnsupportedProtocol:
        raise IngestError("redirected to a URL that is not http(s)") from None
    except httpx.ConnectError as exc:
        raise IngestError(f"cannot connect: {_first_line(exc)}") from None
    except httpx.HTTPError as exc:
        raise IngestError(f"network error: {_first_line(exc) or 'the connection failed'}") from None


def fetch_bytes(
    url: str, *, transport: httpx.AsyncBaseTransport | None = None, deadline: float | None = None
) -> bytes:
    """The body at a URL (for `deskapp ingest URL`)."""
    return fetch(url, transport=transport, deadline=deadline).content


def _run(job: Callable[[], Awaitable[FetchResult]]) -> FetchResult:
    """Run the async fetch to its end from synchronous code, on a loop of its own."""
    import anyio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return anyio.run(job)
    # Called from a thread that already runs a loop (not Deskapp's way, but a caller's):
    # the fetch gets a thread and a loop of its own rather than failing.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, job).result()


async def _fetch_within(
    url: str,
    headers: dict[str, str],
    transport: httpx.AsyncBaseTransport | None,
    max_bytes: int,
    timeout: httpx.Timeout,
    deadline: float,
) -> FetchResult:
    import anyio

    with anyio.fail_after(deadline):
        async with (
            httpx.AsyncClient(
                transport=transport,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=timeout,
                event_hooks={"request": [_http_only]},
            ) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            return await _read(response, max_bytes)


async def _http_only(request: httpx.Request) -> None:
    """Every hop, redirects included, stays on http(s)."""
    if request.url.scheme not in ("http", "https"):
        raise IngestError("redirected to a URL that is not http(s)")


async def _read(response: httpx.Response, max_bytes: int) -> FetchResult:
    result = FetchResult(
        url=str(response.url),
        status=response.status_code,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
    if response.status_code == 304:
        return result
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        raise IngestError(f"HTTP {response.status_code} {reason}".strip())
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise IngestError(
            f"too large ({int(announced) / 1024 / 1024:.1f} MB; the limit is "
            f"{max_bytes // 1024 // 1024} MB)"
        )
    body = Body(response.headers.get("content-encoding", ""), max_bytes)
    # A response made whole in memory (httpx.MockTransport in tests) was read on
    # creation; its raw bytes are still in its stream.
    raw: AsyncIterable[bytes] = response.aiter_raw()
    if response.is_stream_consumed:
        assert isinstance(response.stream, httpx.AsyncByteStream)  # an AsyncClient's reply
        raw = response.stream
    async for chunk in raw:
        body.add(chunk)
    result.content = body.finish()
    return result


class Body:
    """A response body as it arrives: decompressed (one layer at most) and held to a cap."""

    def __init__(self, content_encoding: str, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1:
            raise IngestError(f"refused: more than one content encoding ({', '.join(codings)})")
        if codings and codings[0] not in _CODINGS:
            raise IngestError(f"unsupported content encoding: {codings[0]}")
        self.coding = codings[0] if codings else ""
        self.max_bytes = max_bytes
        self.raw = 0
        self.data = bytearray()
        self._inflate = zlib.decompressobj(_CODINGS[self.coding]) if self.coding else None
        self._started = False

    def add(self, chunk: bytes) -> None:
        self.raw += len(chunk)
        if self.raw > self.max_bytes:
            raise self._too_large()
        if self._inflate is None:
            self.data += chunk
            if len(self.data) > self.max_bytes:
                raise self._too_large()
            return
        self._decompress(chunk)

    def _decompress(self, chunk: bytes) -> None:
        inflate = self._inflate
        assert inflate is not None  # `add` hands only compressed replies here
        while chunk:
            room = self.max_bytes + 1 - len(self.data)
            try:
                out = inflate.decompress(chunk, min(room, _PIECE))
            except zlib.error:
                if self.coding == "deflate" and not self._started:
                    # "deflate" sent raw, without its zlib wrapper: common enough to accept.
                    inflate = self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise IngestError(f"cannot read the reply: broken {self.coding} data") from None
            self._started = True
            self.data += out
            if len(self.data) > self.max_bytes:
                raise self._too_large()
            chunk = inflate.unconsumed_tail
            if inflate.eof:
                chunk = inflate.unused_data
                if not chunk or self.coding == "deflate":
                    return
                # gzip allows several members one after another: read on, same cap.
                inflate = self._inflate = zlib.decompressobj(_CODINGS[self.coding])

    def finish(self) -> bytes:
        if self._inflate is not None and self._started and not self._inflate.eof:
            raise IngestError(f"the reply ended early (incomplete {self.coding} data)")
        return bytes(self.data)

    def _too_large(self) -> IngestError:
        limit = self.max_bytes // 1024 // 1024
        if self.coding:
            return IngestError(f"too large (over {limit} MB once decompressed)")
        return IngestError(f"too large (over {limit} MB)")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""
