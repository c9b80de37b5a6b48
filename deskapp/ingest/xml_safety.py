"""XML from outside, parsed as untrusted: no entities, no DTD fetches, one-line errors.

defusedxml refuses any entity declaration (so an entity-expansion bomb fails on
its first `<!ENTITY`, before anything expands) and any external entity or DTD
reference that would be fetched. A plain `<!DOCTYPE nitf SYSTEM "nitf.dtd">`
without entities is let through: expat never fetches it. Malformed XML becomes
an IngestError naming the line and column.

`strip_namespaces` rewrites every tag to its local name, so parsers can say
`find("body.head")` whatever namespace (or none) a sender used.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from deskapp.ingest.errors import IngestError

Element = ET.Element
_SPACES = re.compile(r"\s+")
_BLOCKS = frozenset({"p", "li", "h2", "h3", "pre"})


def parse_xml(data: bytes) -> ET.Element:
    """The root element of untrusted XML, namespaces stripped; IngestError if refused."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(f"unsafe XML refused: {_reason(exc)}") from None
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        message = str(exc).split(":", 1)[0]
        raise IngestError(f"malformed XML at line {line}, column {column}: {message}") from None
    except (ValueError, RecursionError) as exc:
        raise IngestError(f"malformed XML: {exc}") from None
    strip_namespaces(root)
    return root


def _reason(exc: DefusedXmlException) -> str:
    name = type(exc).__name__
    if name == "EntitiesForbidden":
        return "entity declarations are not allowed"
    if name == "ExternalReferenceForbidden":
        return "external references are not allowed"
    if name == "DTDForbidden":
        return "document type declarations are not allowed"
    return name


def strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and tag[0] == "{":
            element.tag = tag.split("}", 1)[1]
        if element.attrib and any(k[0] == "{" for k in element.attrib):
            element.attrib = {k.split("}", 1)[-1]: v for k, v in element.attrib.items()}


def text_of(element: ET.Element | None) -> str:
    """All the text inside an element, whitespace folded to single spaces."""
    if element is None:
        return ""
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def child_text(parent: ET.Element | None, path: str) -> str:
    return text_of(parent.find(path)) if parent is not None else ""


def paragraphs_in(element: ET.Element | None) -> list[str]:
    """The text of the `p` elements inside an element (XHTML or NITF body), in order.

    Text outside any `p` (a bare body, `hl2` inside the body) is taken as a paragraph of
    its own, so nothing a sender wrote is lost; tables and media captions are left out.
    """
    if element is None:
        return []
    found = [
        text_of(block)
        for block in element.iter()
        if block.tag in _BLOCKS
        and not any(inner.tag == "p" for inner in block.iter("p") if inner is not block)
    ]
    if found:
        return [p for p in found if p]
    text = text_of(element)
    return [text] if text else []
