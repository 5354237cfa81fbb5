"""Decode raw HTML bytes to text: BOM, then the HTTP header, then <meta> tags, then detection.

Real pages lie about their encoding. A declared charset is only trusted if the body decodes with it
strictly, and the commonest lie (a server default of ISO-8859-1 over a UTF-8 body) is caught by
preferring UTF-8 when the body is valid UTF-8 with non-ASCII bytes. Detection is charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Labels that browsers map to windows-1252 (WHATWG), and single-byte Latin charsets servers default to.
_LATIN_DEFAULTS = {"latin-1", "iso8859-1", "ascii", "cp1252", "iso8859-15"}


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    # WHATWG: iso-8859-1 and us-ascii labels mean windows-1252.
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def _is_utf8_with_non_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_with(body: bytes, charset: str) -> str:
    """The text `decode_html` returned with `charset`, again: the same BOM handling and replacement,
    so a caller may keep the bytes and the charset instead of the decoded text."""
    for bom, codec in _BOMS:
        if codec == charset and body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    return body.decode(charset, errors="replace")


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, charset used). Never raises: the last resort is windows-1252 with replacement."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace"), codec

    declared: list[str] = []
    header = _codec_name(charset_from_content_type(content_type))
    if header:
        declared.append(header)
    meta = _META_CHARSET.search(body[:8192])
    meta_codec = _codec_name(meta.group(1).decode("ascii", "ignore")) if meta else None
    if meta_codec and meta_codec not in declared:
        declared.append(meta_codec)

    for codec in declared:
        if codec in _LATIN_DEFAULTS and _is_utf8_with_non_ascii(body):
            return body.decode("utf-8"), "utf-8"
        text = _strict(body, codec)
        if text is not None:
            return text, codec

    text = _strict(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        codec = _codec_name(best.encoding) or best.encoding
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    return body.decode("cp1252", errors="replace"), "cp1252"
