"""Write one XML document element by element, so a feed of 20,000 items never sits in memory.

The elements come from feedgen (channel and items are built there, with our extensions);
this module only serialises them, through the standard library's XMLGenerator (which does
the escaping), declaring every namespace once on the root instead of on each item. Items are
serialised apart (`fragment`, in worker processes) and the document only copies their bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator

from lxml import etree

INDENT = "  "


class Stream:
    def __init__(self, handle: BinaryIO | io.StringIO, nsmap: dict[str, str]) -> None:
        self.handle = handle
        self.gen = XMLGenerator(handle, encoding="UTF-8", short_empty_elements=True)
        self.nsmap = dict(sorted(nsmap.items()))
        self.prefix = {uri: prefix for prefix, uri in self.nsmap.items()}

    def _name(self, tag: str) -> str:
        if tag.startswith("{"):
            uri, local = tag[1:].split("}", 1)
            return f"{self.prefix[uri]}:{local}"
        return tag

    def _attrs(self, element: etree._Element) -> dict[str, str]:
        return {self._name(key): value for key, value in element.attrib.items()}

    def write(self, element: etree._Element, depth: int) -> None:
        self.gen.characters("\n" + INDENT * depth)
        self.gen.startElement(self._name(element.tag), self._attrs(element))
        children = list(element)
        if children:
            for child in children:
                self.write(child, depth + 1)
            self.gen.characters("\n" + INDENT * depth)
        elif element.text:
            self.gen.characters(element.text)
        self.gen.endElement(self._name(element.tag))

    def document(self, root: etree._Element, container: etree._Element, items: Iterable[bytes]) -> None:
        """`root` with its namespaces, `container` (its only child) with its own children, then `items`
        (fragments made with the same namespaces at depth 2), copied as they are."""
        self.gen.startDocument()
        attrs = {f"xmlns:{prefix}": uri for prefix, uri in self.nsmap.items()}
        attrs.update(self._attrs(root))
        self.gen.startElement(self._name(root.tag), attrs)
        self.gen.characters("\n" + INDENT)
        self.gen.startElement(self._name(container.tag), self._attrs(container))
        for child in container:
            self.write(child, 2)
        for item in items:
            # XMLGenerator writes through to the handle (write_through), so bytes land in order
            self.handle.write(item)  # type: ignore[arg-type]
        self.gen.characters("\n" + INDENT)
        self.gen.endElement(self._name(container.tag))
        self.gen.characters("\n")
        self.gen.endElement(self._name(root.tag))
        self.gen.characters("\n")
        self.gen.endDocument()


def fragment(element: etree._Element, nsmap: dict[str, str], depth: int) -> bytes:
    """`element` as `Stream.write` puts it in a document with `nsmap` declared on the root."""
    text = io.StringIO()
    Stream(text, nsmap).write(element, depth)
    # xmlcharrefreplace: what the document's own UTF-8 writer does with the unencodable
    return text.getvalue().encode("utf-8", "xmlcharrefreplace")
