"""Odd copy through ingest: any mix of agency furniture, framing and code page is read into
stories with a headline and a body, or refused with a one-line reason."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.ingest.detect import parse_source
from deskapp.ingest.errors import IngestError

COPY_PIECES = st.sampled_from(
    [
        "Headline =\n",
        "EILT\n",
        "KILL\n",
        "CORRECTED-",
        "REFILE (FIXES TYPO)-",
        "UPDATE 1-",
        "\n\n",
        "LONDON, Nov 27 (Reuters) - ",
        "(ANSA) - Rome, October 11 - ",
        "Jan 3 (Reuters) - ",
        "By ANA RUIZ\nAP Business Writer\n",
        "Kate Moss\n(AAP)\n",
        "A sentence.",
        " said. ",
        "(Reporting by Ana Ruiz; Editing by Tom Hale)",
        "dpa ab cd",
        "AAP RTV ar",
        "jm/sst",
        "EMBARGOED UNTIL 0001 GMT NOVEMBER 28\n",
        "Eds: kill this story\n",
        "(©NTB)",
        "(This story has been corrected to fix a name)",
        "Von Hans Müller, dpa\n",
        "___\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(COPY_PIECES | st.text(max_size=5), min_size=1, max_size=12).map("".join),
    st.sampled_from(["", "\x01dpa0231 2 pl 187 dpa 0456\r\n\x02"]),
    st.sampled_from(["utf-8", "cp1252", "cp1250"]),
)
def test_ingest_reads_odd_copy_or_says_why(text: str, framing: str, encoding: str) -> None:
    data = (framing + text + ("\x03" if framing else "")).encode(encoding, "replace")
    try:
        stories = parse_source(data, "odd.txt")
    except IngestError:
        return  # a one-line reason: fine
    for story in stories:
        assert story.headline.strip() and story.body.strip()
