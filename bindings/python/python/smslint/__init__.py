"""smslint: a rule engine and compliance linter for business SMS.

Check a message before it is sent::

    import smslint

    engine = smslint.Engine()            # once; share it between threads
    report = engine.check_message(
        direction="outbound", sender="agent", provider="twilio",
        from_="+14155550100", to="+13055550123",
        body="Your order has shipped.",
    )
    if report.has_errors:
        ...                              # do not send it as it is
    for finding in report:
        print(finding)                   # error[us.quiet-hours]: ...

and count how a body is encoded and split into segments::

    smslint.segments("It’s done")["encoding"]   # 'UCS-2'
"""

from ._smslint import (
    Count,
    Engine,
    Failure,
    Finding,
    InputError,
    Report,
    RulePackError,
    count,
    segments,
    version_info,
)

__version__: str = version_info()[0]

__all__ = [
    "Count",
    "Engine",
    "Failure",
    "Finding",
    "InputError",
    "Report",
    "RulePackError",
    "count",
    "segments",
    "version_info",
    "__version__",
]
