"""What a story is about, as a small sketch: stories on the same event have similar ones.

Pure (no I/O): computed in the ingest parse workers, stored with the story, read back
to find the stories of the same event among those of the last hours.

The feature set of a story:

- salient tokens of the headline and the lead: capitalised names, numbers (`6.2`,
  `7,512` as `7512`), the dateline place. Different agencies write the same event in
  different words, but they name the same places and people and give the same figures;
- the headline's content words (lower case, a plural `s` taken off);
- word shingles of the body's lead: pairs of consecutive content words in its first
  `LEAD_WORDS` words (the lead is what every version and update repeats).

Beside the MinHash a sketch keeps the headline's marks, the figures and the *names*:
capitalised words of the headline, of the lead where they do not open a sentence, and
the dateline place's words, each as `name_key` makes it (no accents, lower case, no
possessive, a demonym's or plural's ending off: `Valdorian` and `Valdoria's` are
`valdor`), so that agencies naming the same places and people meet whatever their
house style.

MinHash by one permutation hashing (Li, Owen and Zhang 2012): each feature is hashed
once (CRC-32, mixed), its top bits choose one of `SLOTS` slots and each slot keeps its
smallest value. That is one hash per feature instead of one per feature and slot (what
`datasketch` does, with numpy): measured on this machine the sketch costs tens of
microseconds a story in pure Python, and no numpy/scipy import in every parse worker.
The chance that two stories' slot holds the same value is the Jaccard similarity of
their feature sets. LSH: stories sharing one band key are candidates, checked by
`deskapp.core.cluster_match`. The keys: the first `BANDS` slots, one a band (copy of
one event by two agencies has a Jaccard similarity of only 0.1 to 0.4), and the
`NAME_BANDS` smallest name hashes (a bottom-k sample of the names: two stories that
share most of their names share one of these). On the two labelled corpora the ten
keys find every related pair directly (53/53 and 91/91; ten slot bands found 51/53
and 73/91), and 13 of 475 and 227 of 1,800 unrelated ones, which the check sorts out.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib
from dataclasses import dataclass, field

SLOTS = 32
ROWS = 1  # slots to a band
BANDS = 5  # bands, from the first slots
NAME_BANDS = 5  # and keys of its names (the smallest hashes): at most 10 rows a story
LEAD_WORDS = 50
HEAD_MARKS = 12  # at most this many headline marks are kept
FIGURES = 12  # and figures
NAMES = 16  # and names (the smallest hashes)
EMPTY = 0xFFFFFFFF
_MASK = 0xFFFFFFFF
_SLOT_SHIFT = 27  # 32 - log2(SLOTS)
_VALUE_MASK = (1 << _SLOT_SHIFT) - 1
_KEY_MASK = (1 << 62) - 1

_EDGES = ".,;:!?\"'()[]{}<>«»“”‘’—–…*#|"
_SPACES = str.maketrans({"-": " ", "/": " ", "—": " ", "–": " "})


STOP = frozenset(
    """a an and are as at be been but by for from had has have he her his in into is it its
    of on or our over said says she than that the their them they this to up was were what
    when which while who will with would after about also could more new not one two three
    out before since during under per amid after against near all some other most us we you
    i told two just only over across between there then so if no than such these those
    reuters ap afp dpa ansa efe anp ntb tt apa epa mr mrs ms dr update urgent flash
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec today yesterday tomorrow week""".split()
)


@dataclass(frozen=True, slots=True)
class Sketch:
    """A story's MinHash (`SLOTS` values, `EMPTY` where no feature fell) and headline marks."""

    slots: tuple[int, ...]
    heads: tuple[int, ...]  # hashes of the headline's salient and content words, sorted
    numbers: tuple[int, ...] = ()  # hashes of the figures in the headline and lead, sorted
    names: tuple[int, ...] = ()  # hashes of the names in the headline and lead (`name_key`)
    bands: tuple[int, ...] = field(default=(), compare=False)  # its LSH band keys
    empty: int = field(default=0, compare=False)  # bit i set: slot i holds no value
    head_set: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    name_set: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    marks: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "head_set", frozenset(self.heads))
        # names and figures, to count those two stories have in common (figures and
        # names are hashed apart: a figure's hash has its own salt)
        object.__setattr__(self, "name_set", frozenset(self.names))
        object.__setattr__(self, "marks", self.name_set.union(self.numbers))
        if not self.bands:
            keys = band_keys(self.slots) + name_band_keys(self.names)
            object.__setattr__(self, "bands", tuple(dict.fromkeys(keys)))
        if not self.empty and EMPTY in self.slots:
            mask = sum(1 << i for i, v in enumerate(self.slots) if v == EMPTY)
            object.__setattr__(self, "empty", mask)

    def __reduce__(self) -> tuple[type[Sketch], tuple[tuple[int, ...] | int, ...]]:
        # pickled as its tuples: parse workers hand sketches back by the thousand
        # (see core.story.Credit)
        return (Sketch, (self.slots, self.heads, self.numbers, self.names, self.bands, self.empty))

    def to_text(self) -> str:
        """Stored form: hex words, the slots, `/`, the headline marks, `/`, the figures,
        `/`, the names (sketches stored before names have three parts)."""
        return "/".join(
            struct.pack(f">{len(part)}I", *part).hex()
            for part in (self.slots, self.heads, self.numbers, self.names)
        )

    @classmethod
    def from_text(cls, text: str) -> Sketch | None:
        """The sketch `to_text` wrote, or None for an empty or damaged value."""
        if not text:
            return None
        parts = text.split("/")
        if len(parts) == 3:
            parts.append("")
        if len(parts) != 4 or len(parts[0]) != SLOTS * 8 or any(len(p) % 8 for p in parts):
            return None
        try:
            slots, heads, numbers, names = (
                struct.unpack(f">{len(part) // 8}I", bytes.fromhex(part)) for part in parts
            )
        except (ValueError, struct.error):
            return None
        return cls(slots, heads, numbers, names)


_SALT_NAME, _SALT_NUMBER, _SALT_HEAD, _SALT_PAIR, _SALT_PLACE = (
    0x5BD1E995,
    0x1B873593,
    0xCC9E2D51,
    0x85EBCA6B,
    0xC2B2AE35,
)
_WORDS: dict[str, int] = {}  # word -> its CRC-32: wire copy repeats its words


def _word(word: str) -> int:
    # CRC-32 is the same in every process (Python's str hash is salted per process)
    h = _WORDS.get(word)
    if h is None:
        if len(_WORDS) > 200_000:
            _WORDS.clear()
        h = _WORDS[word] = zlib.crc32(word.encode())
    return h


def _plain(word: str) -> str:
    """Lower case, a possessive and a plural `s` taken off (`Marovia's` → `marovia`)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word[-1] == "s" and word[-2] != "s":
        word = word[:-1]
    return word


_SUFFIXES = ("ians", "ian", "ans", "ese", "ia", "an", "a", "s")  # longest first


def name_key(word: str) -> str:
    """A name as compared across agencies: no accents, lower case, no possessive, its
    demonym or plural ending taken off (`Valdoria`, `Valdorian`, `Valdoria's` → `valdor`;
    `Sør` → `sor`)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s") or word.endswith("s'"):
        word = word[:-2] if word.endswith("'s") else word[:-1]
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        word = word.replace("ø", "o")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _number(token: str) -> str:
    return token.replace(",", "").rstrip(".")


def place_key(place: str) -> str:
    """The dateline place as compared: its first part, in lower case (`Chatham, Mass.`
    → `chatham`)."""
    return place.split(",", 1)[0].split("/", 1)[0].strip().lower()


_PLACES: dict[str, frozenset[int]] = {}  # a dateline place -> its names' hashes


def place_names(place: str) -> frozenset[int]:
    """The `name_key` hashes of a dateline place's words (`Castel Aurin`)."""
    names = _PLACES.get(place)
    if names is None:
        if len(_PLACES) > 20_000:
            _PLACES.clear()
        words = place_key(place).split()
        names = _PLACES[place] = frozenset(_word(name_key(w)) for w in words if len(w) > 2)
    return names


# A word as written (`Valdoria's,`) -> what the features take of it: (kind, its hash in
# lower case, its hash as a name (0: not capitalised), its hash as a headline word, its
# `name_key` hash (0: not capitalised), whether it ends a sentence).
# kind 0: nothing (a stop word, too short), 1: a word, 2: a figure (the hash is its).
# Wire copy repeats its words: each is worked out once a process.
_INFO: dict[str, tuple[int, int, int, int, int, bool]] = {}
_ENDS = (".", "!", "?", ":", '."', ".”")


def _info(raw: str) -> tuple[int, int, int, int, int, bool]:
    if len(_INFO) > 200_000:
        _INFO.clear()
    token = raw.strip(_EDGES)
    ends = raw.endswith(_ENDS)
    info = (0, 0, 0, 0, 0, ends)
    if token and token[0].isdigit():
        number = _number(token)
        year = len(number) == 4 and number[:2] in ("19", "20")  # in every story of a year
        if (len(number) >= 2 or "." in number) and not year:
            info = (2, _word(number) ^ _SALT_NUMBER, 0, 0, 0, ends)
    elif len(token) > 2 and token.lower() not in STOP:
        plain = _word(_plain(token))
        name = plain ^ _SALT_NAME if token[0].isupper() else 0
        key = _word(name_key(token)) if token[0].isupper() else 0
        info = (1, _word(token.lower()), name, plain ^ _SALT_HEAD, key, ends)
    _INFO[raw] = info
    return info


def _features(
    headline: str, body: str, place: str
) -> tuple[set[int], set[int], set[int], set[int]]:
    """The feature set described in the module's docstring, each feature as a 32-bit hash
    (its kind mixed in: a name, a figure, a headline word, a pair, the place); the
    figures among them; the headline's marks (its words and figures); its names
    (`name_key`: capitalised words of the headline, and of the lead where they do not
    open a sentence, and the dateline place's words)."""
    out: set[int] = set()
    add = out.add
    figures: set[int] = set()
    heads: set[int] = set()
    names: set[int] = set()
    known = _INFO.get
    for raw in headline.translate(_SPACES).split():
        kind, h, name, head, key, _ends = known(raw) or _info(raw)
        if kind == 2:
            figures.add(h)
            heads.add(h)
        elif kind == 1:
            heads.add(head)
            if name:
                add(name)
                names.add(key)
    out |= heads
    previous = 0
    opens = True
    for raw in body[: LEAD_WORDS * 9].translate(_SPACES).split()[:LEAD_WORDS]:
        kind, h, name, _head, key, ends = known(raw) or _info(raw)
        if kind == 1:
            if name:
                add(name)
                if not opens:
                    names.add(key)
            if previous:
                add(((previous * 0x01000193) ^ h ^ _SALT_PAIR) & _MASK)
            previous = h
        elif kind == 2:
            figures.add(h)
        opens = ends
    where = place_key(place)
    if where:
        add(_word(where) ^ _SALT_PLACE)
        names |= place_names(place)
    out |= figures
    return out, figures, heads, names


def minhash(feature_set: set[int]) -> tuple[int, ...]:
    slots = [EMPTY] * SLOTS
    for feature in feature_set:
        # the multiply spreads the bits, so the top five choose the slot evenly
        h = (feature * 0x9E3779B1 + 0x7F4A7C15) & _MASK
        slot = h >> _SLOT_SHIFT
        value = h & _VALUE_MASK
        if value < slots[slot]:
            slots[slot] = value
    return tuple(slots)


def sketch(headline: str, body: str, place: str) -> Sketch:
    """The sketch of a story's copy."""
    feature_set, figures, heads, names = _features(headline, body, place)
    return Sketch(
        minhash(feature_set),
        tuple(sorted(heads)[:HEAD_MARKS]),
        tuple(sorted(figures)[:FIGURES]),
        tuple(sorted(names)[:NAMES]),
    )


def name_band_keys(names: tuple[int, ...]) -> list[int]:
    """Band keys of a story's names: its `NAME_BANDS` smallest name hashes (a bottom-k
    sample of the names: two stories naming the same places and people share some)."""
    return [((h * 0x9E3779B97F4A7C15) ^ 0x5A17) & _KEY_MASK for h in names[:NAME_BANDS]]


def band_keys(slots: tuple[int, ...]) -> list[int]:
    """The LSH band keys of a MinHash: one per band whose slots all hold a value (none
    filled: one key of all the slots). Positive 62-bit integers (a BIGINT everywhere),
    the band's number mixed in."""
    if ROWS == 1:  # one slot a band: the slot's value, the band's number mixed in
        keys = [
            ((band + 1) * 0x100000001B3 ^ value) & _KEY_MASK
            for band, value in enumerate(slots[:BANDS])
            if value != EMPTY
        ]
    else:
        keys = _wide_band_keys(slots)
    if not keys:  # very short copy, its few features in other slots: one key for it all,
        key = BANDS + 1  # so identical copy still meets
        for value in slots:
            key = (key * 0x100000001B3 ^ value) & _KEY_MASK
        keys.append(key)
    return keys


def _wide_band_keys(slots: tuple[int, ...]) -> list[int]:
    keys = []
    for band in range(BANDS):
        part = slots[band * ROWS : (band + 1) * ROWS]
        if EMPTY in part:
            continue
        key = band + 1
        for value in part:
            key = (key * 0x100000001B3 ^ value) & _KEY_MASK
        keys.append(key)
    return keys
