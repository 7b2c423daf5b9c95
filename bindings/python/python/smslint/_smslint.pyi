"""Type stubs of the compiled module `smslint._smslint` (re-exported by `smslint`)."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from os import PathLike
from typing import Any, Literal, TypedDict, final

Severity = Literal["error", "warning", "info"]

class InputError(ValueError):
    """A message or document that cannot be read; `problems` holds `(message, help)`."""

    problems: list[tuple[str, str | None]]

class RulePackError(ValueError):
    """A rule pack that does not load; `problems` holds each problem, placed."""

    problems: list[str]

@final
class Finding:
    """One violated rule."""

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def message(self) -> str: ...
    @property
    def help(self) -> str | None: ...
    @property
    def span(self) -> tuple[int, int] | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def column(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Failure:
    """A rule that could not judge, or input that could not be read (in a batch)."""

    @property
    def rule(self) -> str: ...
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Report:
    """Everything found in one message or document; iterating yields the findings."""

    @property
    def findings(self) -> list[Finding]: ...
    @property
    def failures(self) -> list[Failure]: ...
    @property
    def has_errors(self) -> bool: ...
    @property
    def is_clean(self) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Finding]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Recipient(TypedDict, total=False):
    consent: Literal["none", "express", "express_written"]
    opted_out: bool
    age_verified: bool
    messages_last_24h: int
    state: str
    time_zone: str

class Conversation(TypedDict, total=False):
    consumer_initiated: bool
    first_message: bool

# A message's fields; `direction`, `sender`, `provider`, `from`, `to` and `body` are required.
# (`from` is a keyword, so the functional form; as a keyword argument it is `from_`.)
Message = TypedDict(
    "Message",
    {
        "id": str,
        "direction": Literal["outbound", "inbound"],
        "sender": Literal["agent", "bot", "system", "consumer"],
        "provider": str,
        "from": str,
        "to": str,
        "brand": str,
        "body": str,
        "send_at": "str | datetime",
        "category": Literal["marketing", "informational", "conversational"],
        "recipient": Recipient,
        "conversation": Conversation,
    },
    total=False,
)

@final
class Engine:
    """The compiled rules: build once, share between threads, check every message."""

    def __init__(
        self,
        rules: Sequence[str | PathLike[str]] | None = None,
        *,
        builtin: bool = True,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> None: ...
    @property
    def rules(self) -> list[str]: ...
    def check_message(
        self, message: Message | Mapping[str, Any] | None = None, /, **fields: Any
    ) -> Report: ...
    def check_messages(self, messages: Iterable[Mapping[str, Any]]) -> list[Report]: ...
    def check_document(self, text: str, *, name: str = "<document>") -> list[Report]: ...
    def check_arrow(self, batch: Any) -> Any:
        """Checks every row of an Arrow record batch (anything with `__arrow_c_array__`);
        returns a `pyarrow.RecordBatch`: `id`, `has_errors`, `rules`, `severities`,
        `messages`, `error`."""

class Part(TypedDict):
    start: int
    end: int
    units: int
    capacity: int
    text: str

class NonGsm(TypedDict):
    char: str
    offset: int
    index: int
    replacement: str | None

class Counts(TypedDict):
    encoding: Literal["GSM-7", "UCS-2"]
    segments: int
    units: int

class Segments(TypedDict, total=False):
    encoding: Literal["GSM-7", "UCS-2"]
    segments: int
    units: int
    unit: str
    characters: int
    graphemes: int
    utf16_units: int
    septets: int | None
    capacity: tuple[int, int]
    tables: tuple[str, str] | None
    parts: list[Part]
    non_gsm: list[NonGsm]
    after_replacement: Counts
    text: str

def segments(
    body: str,
    *,
    split: Literal["grapheme", "codepoint"] = "grapheme",
    national: str | Sequence[str] | None = None,
    smart: bool = False,
) -> Segments: ...
@final
class Count:
    """The counts of a body, as `segments()` gives them."""

    @property
    def encoding(self) -> Literal["GSM-7", "UCS-2"]: ...
    @property
    def segments(self) -> int: ...
    @property
    def units(self) -> int: ...
    @property
    def characters(self) -> int: ...

def count(body: str) -> Count: ...
def version_info() -> tuple[str, str, str]: ...
