"""Every network read Deskapp makes: httpx, bounded in time, hops and size.

http(s) only; connect and read timeouts; at most `MAX_REDIRECTS` redirects; the
body streamed and refused past `MAX_BYTES` (before reading, when the server
announces its length); user agent `deskapp/<version>`. Conditional GET for
feeds (ETag, Last-Modified): a 304 is a result, not an error. Every failure
is an IngestError with one line: DNS, refused, timeout, 4xx/5xx, redirect
loop, oversize.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from deskapp import __version__
from deskapp.ingest.errors import IngestError

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = f"deskapp/{__version__}"
TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=10.0, pool=5.0)


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


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None,
          transport: httpx.BaseTransport | None = None, max_bytes: int = MAX_BYTES,
          timeout: httpx.Timeout = TIMEOUT) -> FetchResult:
    """GET a URL within the limits; raise IngestError with one line on any failure."""
    check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with httpx.Client(transport=transport, follow_redirects=True,
                          max_redirects=MAX_REDIRECTS, timeout=timeout,
                          event_hooks={"request": [_http_only]}) as client, \
                client.stream("GET", url, headers=headers) as response:
            return _read(response, max_bytes)
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
        raise IngestError(f"network error: {_first_line(exc) or type(exc).__name__}") from None


def fetch_bytes(url: str, *, transport: httpx.BaseTransport | None = None) -> bytes:
    """The body at a URL (for `deskapp ingest URL`)."""
    return fetch(url, transport=transport).content


def _http_only(request: httpx.Request) -> None:
    """Every hop, redirects included, stays on http(s)."""
    if request.url.scheme not in ("http", "https"):
        raise IngestError("redirected to a URL that is not http(s)")


def _read(response: httpx.Response, max_bytes: int) -> FetchResult:
    result = FetchResult(
        url=str(response.url), status=response.status_code,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
    )
    if response.status_code == 304:
        return result
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        raise IngestError(f"HTTP {response.status_code} {reason}".strip())
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise IngestError(f"too large ({int(announced) / 1024 / 1024:.1f} MB; the limit is "
                          f"{max_bytes // 1024 // 1024} MB)")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise IngestError(f"too large (over {max_bytes // 1024 // 1024} MB)")
    result.content = bytes(body)
    return result


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""
