"""A fast reading of the HTML most Anki fields are written in, without an HTML parser.

Anki's editor writes a few tags: ``<b>``, ``<i>``, ``<u>``, a ``<div>`` per line, ``<br>``,
lists, ``<span style=…>``, entities such as ``&nbsp;``. :func:`simple_html_to_markdown` reads a
field made only of those and gives exactly the Markdown that BeautifulSoup and markdownify give
in :func:`studyapp.decks.importers.html.parsed_html_to_markdown`, by following the same steps:
the text between tags as ``html.parser`` decodes it, Anki's ``<div>`` lines unwrapped with a
``<br>`` between them, then markdownify's rules for whitespace next to blocks, newlines where
elements meet, emphasis, code spans and lists. For anything else it gives ``None`` and the
caller uses the parser: other elements (links, headings, ``<pre>``, tables, media, scripts),
an ``<ol>`` with attributes, tags not closed in order, comments, a ``<`` or ``&`` that could
start markup, an entity without its semicolon or one decoded by a special rule.

A field without blocks (the common ``What does <b>momentum</b> keep?``) is converted as it is
read; one with blocks is read into a small tree first, since a ``<div>``'s line breaks and the
whitespace next to a block depend on what comes after them. Most fields share their shape with
many others (the same tags, the same whitespace around each text's words): the shape's Markdown
is kept, with a place for each text's words, so those are converted once.
"""

from __future__ import annotations

import functools
import re
from html.entities import html5

#: Elements that markdownify writes as marks around their text (``sub`` and ``sup`` as none).
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~"}
_MARKS |= {"sub": "", "sup": ""}
#: Elements markdownify has no rule for: their content stays as it is.
_TRANSPARENT = ("u", "span", "font")
#: Blocks: markdownify removes whitespace inside them and next to them.
_BLOCKS = frozenset({"p", "ul", "ol", "li"})
_CONTAINERS = (*_MARKS, *_TRANSPARENT, "code", "div", *_BLOCKS)
_LIST_NAMES = ("ul", "ol")
#: What already ends a line, so a ``<div>`` after it needs no ``<br>`` (html.py's rule).
_LINE_ENDERS = frozenset({"br", "div", "p", "ul", "ol"})

#: A start or end tag of the subset without attributes, as written (any case), and ``<br>``.
_BARE_TAGS: dict[str, tuple[bool, str]] = {}
for _name in _CONTAINERS:
    for _spelling in {_name, _name.upper(), _name.capitalize()}:
        _BARE_TAGS[f"<{_spelling}>"] = (True, _name)
        _BARE_TAGS[f"</{_spelling}>"] = (False, _name)
for _spelling in ("br", "BR", "Br"):
    for _form in ("<{}>", "<{}/>", "<{} />"):
        _BARE_TAGS[_form.format(_spelling)] = (True, "br")

#: Anything that looks like a tag: the field is split at these.
_TAG = re.compile(r"(<[a-zA-Z/!?][^<>]*>)")
_SPACE = "[ \t\n\r\f]"
#: A start tag of the subset with attributes (quoted values, without ``<`` or ``>``).
_TAG_WITH_ATTRIBUTES = re.compile(
    rf"""<(?P<name>(?i:{"|".join(sorted(_CONTAINERS, key=len, reverse=True))}|br))
    (?P<attributes>(?:{_SPACE}+[a-zA-Z][-a-zA-Z0-9_:.]*
                    (?:{_SPACE}*={_SPACE}*(?:"[^"<>]*"|'[^'<>]*'))?)*)
    {_SPACE}*(?P<slash>/?)>""",
    re.VERBOSE,
)
_END_TAG = re.compile(rf"</(?P<name>(?i:{'|'.join(_CONTAINERS)})){_SPACE}*>")
#: A ``<`` that ``html.parser`` could read as the start of markup (or that ends the field).
_MARKUP_START = re.compile(r"<(?:[a-zA-Z/!?#]|$)")
#: An ``&`` that is neither a whole entity nor plain text.
_LOOSE_AMPERSAND = re.compile(
    r"&(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[^a-zA-Z#])"
)
_BLOCK_START = re.compile(r"<(?:div|p|ul|ol|li)[ \t\n\r\f/>]", re.IGNORECASE)
_DIV_START = re.compile(r"<div[ \t\n\r\f/>]", re.IGNORECASE)
_COMMON_ENTITIES = (("&nbsp;", "\xa0"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'))
_ENTITY = re.compile(r"&(?:([a-zA-Z][a-zA-Z0-9]*)|#([0-9]+)|#[xX]([0-9a-fA-F]+));")

_NEWLINE_WHITESPACE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_WHITESPACE = re.compile(r"[\t ]+")
_BACKTICKS = re.compile(r"`+")
_LINE = re.compile(r"^(.*)", re.MULTILINE)


#: What stands for the words of the field's texts in its shape.
_FIRST_STAND_IN = 0xE000
_STAND_INS = 0x1000
_STAND_IN = re.compile("[\ue000-\uefff]")
_STAND_IN_CHARACTERS = tuple(chr(_FIRST_STAND_IN + number) for number in range(_STAND_INS))


class _OutsideSubsetError(Exception):
    """The field uses HTML outside the subset read here."""


class _Element:
    """An element of a field with blocks: its lower-case name and its children."""

    __slots__ = ("children", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.children: list[str | _Element] = []


def simple_html_to_markdown(text: str) -> str | None:
    """The Markdown that markdownify gives for a field of the common subset of HTML (with
    Anki's ``<div>`` lines as lines), or ``None`` when the field needs the full parser."""
    pieces = _TAG.split(text)  # text, tag, text, …, text
    # The field's shape: each text's words (what is between its outer whitespace) stand in as
    # one private-use character. Words act alike, when they hold no line break nor backtick
    # (where their length matters), so fields of one shape are converted alike: the shape's
    # Markdown is kept as a template for the words.
    shape: list[str] | None = pieces.copy()
    words: list[str] = []
    try:
        for index in range(0, len(pieces), 2):
            data = pieces[index]
            if not data:
                continue
            if "&" in data or "<" in data:
                pieces[index] = data = _decoded(data)
            core = data.strip()
            if not core:
                pieces[index] = _whitespace(data)
                shape = None
            elif shape is not None:
                if "\n" in core or "\r" in core or "`" in core or len(words) == _STAND_INS:
                    shape = None
                    continue
                stand_in = _STAND_IN_CHARACTERS[len(words)]
                if core is data:  # (strip gives the same string when there is no whitespace)
                    shape[index] = stand_in
                else:
                    start = data.index(core)
                    shape[index] = data[:start] + stand_in + data[start + len(core) :]
                words.append(_WHITESPACE.sub(" ", core) if "\t" in core or "  " in core else core)
        if shape is None:
            return _markdown(pieces)
    except _OutsideSubsetError:
        return None
    template = _template("".join(shape))
    return None if template is None else template.format(*words)


@functools.lru_cache(maxsize=4096)
def _template(shape: str) -> str | None:
    """The Markdown of a field's shape, with ``{0}``, ``{1}``, … where its words go."""
    try:
        markdown = _markdown(_TAG.split(shape))
    except _OutsideSubsetError:
        return None
    markdown = markdown.replace("{", "{{").replace("}", "}}")  # (only words hold braces)
    return _STAND_IN.sub(lambda found: f"{{{ord(found[0]) - _FIRST_STAND_IN}}}", markdown)


def _markdown(pieces: list[str]) -> str:
    """markdownify's Markdown for the field's pieces (its texts decoded)."""
    tags = "".join(pieces[1::2])
    if _BLOCK_START.search(tags):
        root = _tree(pieces)
        if _DIV_START.search(tags):
            _unwrap_divs(root.children)
        markdown = _convert(root, False, False)
    else:
        markdown = _convert_inline(pieces)
    return markdown.strip("\n")


# --- reading -------------------------------------------------------------------------------


def _tag(tag: str) -> tuple[bool, str]:
    """Whether a tag starts an element (or is a ``<br>``), and the element's name."""
    known = _BARE_TAGS.get(tag)
    if known is not None:
        return known
    found = _TAG_WITH_ATTRIBUTES.fullmatch(tag)
    if found is not None:
        name = found["name"].lower()
        if (found["slash"] and name != "br") or (name == "ol" and found["attributes"]):
            raise _OutsideSubsetError  # <b/> is <b></b>; <ol start="3"> numbers from 3
        return True, name
    found = _END_TAG.fullmatch(tag)
    if found is not None:
        return False, found["name"].lower()
    raise _OutsideSubsetError


def _decoded(data: str) -> str:
    """The text between two tags with its entities decoded, as ``html.parser`` does."""
    if "<" in data and _MARKUP_START.search(data):
        raise _OutsideSubsetError
    if "&" in data:
        if _LOOSE_AMPERSAND.search(data):
            raise _OutsideSubsetError
        for entity, character in _COMMON_ENTITIES:  # (what these give holds no "&")
            if entity in data:
                data = data.replace(entity, character)
        if data.count("&") == data.count("&amp;"):
            data = data.replace("&amp;", "&")
        else:
            data = _ENTITY.sub(_entity, data)
    return data


def _whitespace(data: str) -> str:
    """Text of whitespace alone as BeautifulSoup holds it: one newline or space, if all
    ASCII."""
    return ("\n" if "\n" in data else " ") if not data.strip(" \n\t\f\r") else data


def _entity(found: re.Match[str]) -> str:
    """An entity's character(s), if ``html.parser`` and BeautifulSoup decode it plainly."""
    if found[1] is not None:
        character = html5.get(found[1] + ";")
        if character is None:
            raise _OutsideSubsetError
        return character
    number = int(found[2], 10) if found[2] is not None else int(found[3], 16)
    # not a control character, surrogate or noncharacter: those have rules of their own
    if not (
        0x20 <= number < 0x7F
        or 0xA0 <= number < 0xD800
        or 0xE000 <= number < 0xFDD0
        or (0xFDF0 <= number <= 0x10FFFF and number & 0xFFFE != 0xFFFE)
    ):
        raise _OutsideSubsetError
    return chr(number)


# --- a field without blocks: converted as it is read ---------------------------------------


def _convert_inline(pieces: list[str]) -> str:
    """markdownify's Markdown for a field without blocks (no whitespace is dropped next to
    them), each element converted at its end tag."""
    parents: list[tuple[str, list[str], str, bool]] = []
    parts: list[str] = []
    name, trailing, in_code = "", "", False
    for index, piece in enumerate(pieces):
        if not index % 2:
            if piece:
                trailing = _add(parts, trailing, _normalized(piece))
            continue
        start, tag_name = _tag(piece)
        if tag_name == "br":
            trailing = _add(parts, trailing, "  \n")
        elif start:
            parents.append((name, parts, trailing, in_code))
            name, parts, trailing, in_code = tag_name, [], "", in_code or tag_name == "code"
        elif tag_name != name or not parents:
            raise _OutsideSubsetError
        else:
            content = "".join(parts) + trailing
            name, parts, trailing, in_code = parents.pop()
            trailing = _add(parts, trailing, _finish(tag_name, content, in_code))
    if parents:
        raise _OutsideSubsetError
    return "".join(parts) + trailing


def _normalized(text: str) -> str:
    """A text's whitespace as markdownify writes it (outside ``<pre>``)."""
    if "\n" in text or "\r" in text:
        text = _NEWLINE_WHITESPACE.sub("\n", text)
    if "\t" in text or "  " in text:
        text = _WHITESPACE.sub(" ", text)
    return text


def _add(parts: list[str], trailing: str, converted: str) -> str:
    """Add an element's or a text's Markdown to its parent's, where newlines that meet are
    joined (the larger count, at most two), as markdownify does; the newlines it ends with are
    returned, not added yet."""
    if not converted:
        return trailing
    if converted[0] != "\n" and converted[-1] != "\n":
        if trailing:
            parts.append(trailing)
        parts.append(converted)
        return ""
    rest = converted.lstrip("\n")
    if not rest:  # only newlines: all of them leading, and none left to join the next ones
        leading, content, after = converted, "", ""
    else:
        content = rest.rstrip("\n")
        leading, after = converted[: len(converted) - len(rest)], rest[len(content) :]
    if trailing and leading:
        leading = "\n" * min(2, max(len(trailing), len(leading)))
    elif trailing:
        parts.append(trailing)
    parts.append(leading)
    parts.append(content)
    return after


def _finish(name: str, text: str, in_code: bool) -> str:
    """What markdownify's ``convert_<name>`` makes of an element's converted content
    (``in_code``: inside a ``<code>``)."""
    mark = _MARKS.get(name)
    if mark is not None or name == "code":
        if in_code:
            return text
        prefix = " " if text and text[0] == " " else ""
        suffix = " " if text and text[-1] == " " else ""
        text = text.strip()
        if not text:
            return ""
        if mark is None:  # a code span, fenced by more backticks than it holds
            longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
            mark = "`" * (longest + 1)
            if longest:
                text = f" {text} "
        return f"{prefix}{mark}{text}{mark}{suffix}"
    if name == "p":
        text = text.strip(" \t\r\n")
        return f"\n\n{text}\n\n" if text else ""
    return text


# --- a field with blocks: read into a tree, then converted ---------------------------------


def _tree(pieces: list[str]) -> _Element:
    """The field's elements as BeautifulSoup's ``html.parser`` builds them."""
    root = _Element("")
    open_elements = [root]
    children = root.children
    for text, tag in zip(pieces[0:-1:2], pieces[1::2], strict=True):
        if text:
            children.append(text)
        start, name = _tag(tag)
        if name == "br":
            children.append(_Element("br"))
        elif start:
            element = _Element(name)
            children.append(element)
            open_elements.append(element)
            children = element.children
        elif name != open_elements[-1].name or len(open_elements) == 1:
            raise _OutsideSubsetError
        else:
            open_elements.pop()
            children = open_elements[-1].children
    if pieces[-1]:
        children.append(pieces[-1])
    if len(open_elements) > 1:
        raise _OutsideSubsetError
    return root


def _unwrap_divs(children: list[str | _Element]) -> None:
    """Replace each ``<div>`` by its content, in document order: with a ``<br>`` before it when
    text comes before, and one after it when more content follows (unless it ends with one);
    whitespace beside it is dropped (html.py's ``_div_to_line``)."""
    i = 0
    while i < len(children):
        node = children[i]
        if isinstance(node, str):
            i += 1
            continue
        if node.name != "div":
            _unwrap_divs(node.children)
            i += 1
            continue
        if i + 1 < len(children) and _is_space(children[i + 1]):
            del children[i + 1]
        if i > 0 and _is_space(children[i - 1]):
            del children[i - 1]
            i -= 1
        before = _nearest(children, i - 1, -1)
        after = _nearest(children, i + 1, 1)
        last = _nearest(node.children, len(node.children) - 1, -1)
        break_before = before is not None and not (
            isinstance(before, _Element) and before.name in _LINE_ENDERS
        )
        line: list[str | _Element] = [_Element("br")] if break_before else []
        line += node.children
        if after is not None and not (isinstance(last, _Element) and last.name == "br"):
            line.append(_Element("br"))
        children[i : i + 1] = line
        if break_before:
            i += 1  # the div's content is next in document order, with any <div> in it


def _nearest(nodes: list[str | _Element], index: int, step: int) -> str | _Element | None:
    """The first node from ``index`` on, going by ``step``, that is not whitespace alone."""
    while 0 <= index < len(nodes):
        node = nodes[index]
        if not _is_space(node):
            return node
        index += step
    return None


def _is_space(node: str | _Element) -> bool:
    return isinstance(node, str) and not node.strip()


def _is_block(node: str | _Element) -> bool:
    return isinstance(node, _Element) and node.name in _BLOCKS


def _convert(element: _Element, in_list_item: bool, in_code: bool) -> str:
    """An element's Markdown as markdownify's ``process_tag`` makes it (``in_list_item``,
    ``in_code``: inside a ``<li>``, a ``<code>``)."""
    name = element.name
    children = element.children
    block = name in _BLOCKS
    inner_list_item = in_list_item or name == "li"
    inner_code = in_code or name == "code"
    last = len(children) - 1
    parts: list[str] = []
    trailing = ""
    for i, child in enumerate(children):
        if isinstance(child, str):
            # whitespace at a block's edges and next to a block goes; so does a text of it
            before = children[i - 1] if i else None
            after = children[i + 1] if i < last else None
            strip_start = _is_block(before) if before is not None else block
            strip_end = _is_block(after) if after is not None else block
            if (strip_start or strip_end) and not child.strip():
                continue
            converted = _normalized(child)
            if strip_start:
                converted = converted.lstrip(" \t\r\n")
            if strip_end:
                converted = converted.rstrip()
        elif child.name == "br":
            converted = "  \n"
        elif child.name == "li":
            converted = _list_item(child, element, i, inner_list_item, inner_code)
        elif child.name in _LIST_NAMES:
            converted = _list(child, children, i, inner_list_item, inner_code)
        else:
            content = _convert(child, inner_list_item, inner_code)
            converted = _finish(child.name, content, inner_code)
        trailing = _add(parts, trailing, converted)
    return "".join(parts) + trailing


def _list(
    element: _Element, siblings: list[str | _Element], index: int, in_list_item: bool, in_code: bool
) -> str:
    """markdownify's ``convert_list``: a list inside an item on the lines after it; another
    one after a blank line, and a line break after it when text follows."""
    text = _convert(element, in_list_item, in_code)
    if in_list_item:
        return "\n" + text.rstrip()
    after = _nearest(siblings, index + 1, 1)
    before_paragraph = after is not None and not (
        isinstance(after, _Element) and after.name in _LIST_NAMES
    )
    return "\n\n" + text + ("\n" if before_paragraph else "")


def _list_item(
    element: _Element, parent: _Element, index: int, in_list_item: bool, in_code: bool
) -> str:
    """markdownify's ``convert_li``: a bullet (``-``, or the item's number in an ``<ol>``)
    and the item's lines indented under it."""
    text = _convert(element, in_list_item, in_code).strip()
    if not text:
        return "\n"
    if parent.name == "ol":
        earlier = parent.children[:index]
        number = 1 + sum(isinstance(n, _Element) and n.name == "li" for n in earlier)
        bullet = f"{number}. "
    else:
        bullet = "- "
    if "\n" not in text:
        return bullet + text + "\n"
    indent = " " * len(bullet)
    text = _LINE.sub(lambda line: indent + line[1] if line[1] else "", text)
    return bullet + text[len(bullet) :] + "\n"
