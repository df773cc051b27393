"""Adding one card at the end of a deck file, in that file's format, the rest left byte for byte.

The card is rendered as the deck writers render it (a Markdown ``##`` block, or a YAML item of
``cards`` indented as the file's items are) and appended after the file's last byte; a file
without a final line break gets one first, in the file's own line-break style. The result is
read back before it is handed out: it must be the old file's cards and the new card after them,
else DeckError (a Markdown file ending inside an open code block, a YAML file whose ``cards``
is not its last key or is written ``[...]``). So the old bytes are always a prefix of the new.
"""

from __future__ import annotations

import re
import secrets

import yaml

from studyapp.decks.errors import DeckError
from studyapp.decks.files import DeckFormat, parse_deck_text
from studyapp.decks.models import CardSpec, DeckSpec, slugify
from studyapp.decks.reading import decode_text

#: How many characters of the question a new card's id keeps (then a random suffix).
_ID_WORDS = 40
_WORD = re.compile(r"[A-Za-z0-9]")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def new_card_id(question: str, taken: set[str]) -> str:
    """A stable id for a card added in the app: words of its question and a random suffix
    (so editing the question later keeps the card and its history); never one in ``taken``."""
    words = slugify(question)[:_ID_WORDS].rstrip("-") if _WORD.search(question) else "card"
    while True:
        candidate = f"{words}-{secrets.token_hex(3)}"
        if candidate not in taken:
            return candidate


def appended_deck(
    data: bytes, path: str, fmt: DeckFormat, card: CardSpec
) -> tuple[bytes, DeckSpec]:
    """The bytes of the deck file ``data`` with ``card`` added at its end, and the deck they
    read as; DeckError if the file does not parse, or the card cannot be added to it."""
    before = parse_deck_text(decode_text(data, path), path, fmt)
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    text = _rendered(card, before.id, fmt, data, path)
    added = text.encode("utf-8").replace(b"\n", newline)
    prefix = data if not data or data.endswith(b"\n") else data + newline
    if fmt == "md" and prefix and not prefix.endswith(newline * 2):
        prefix += newline
    result = prefix + added
    after = parse_deck_text(decode_text(result, path), path, fmt)
    if after.cards[:-1] != before.cards or after.cards[-1].question != card.question:
        raise DeckError.single(
            path,
            None,
            "a card added at the end of this file would not read back as its last card "
            "(does the file end inside a code block?); add it in an editor",
        )
    return result, after


def _rendered(card: CardSpec, deck_id: str, fmt: DeckFormat, data: bytes, path: str) -> str:
    if fmt == "md":
        from studyapp.decks.markdown import write_markdown_card

        return write_markdown_card(card, deck_id)
    from studyapp.decks.yamlformat import card_to_data, dump_yaml

    indent = _yaml_item_indent(decode_text(data, path), path)
    item = dump_yaml([card_to_data(card, deck_id)])
    return "".join(
        " " * indent + line if line.strip() else line for line in item.splitlines(keepends=True)
    )


def _yaml_item_indent(text: str, path: str) -> int:
    """The column of the ``-`` of the file's ``cards`` items; DeckError unless ``cards`` is
    the file's last key and a block list (so an item written after it joins that list)."""
    root = yaml.compose(text, Loader=_Loader)
    if isinstance(root, yaml.MappingNode) and root.value:
        key, value = root.value[-1]
        if key.value == "cards" and isinstance(value, yaml.SequenceNode) and not value.flow_style:
            return int(value.start_mark.column)
    raise DeckError.single(
        path,
        None,
        "a card can be added only to a YAML deck whose cards: list is its last key, written "
        "one '- ' item a card; add it in an editor",
    )
