"""Property-based run of every API operation of the OpenAPI document (schemathesis): no server error, and
responses as documented. A bounded number of examples per operation keeps the suite fast.

The operations are driven with Hypothesis directly: schemathesis' lazy pytest fixture does not work with
this pytest version.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from .conftest import TOKEN

# More for a longer hunt: CEASEFIRE_FUZZ_EXAMPLES=500 (random too, unless the default derandomized run).
EXAMPLES_PER_OPERATION = int(os.environ.get("CEASEFIRE_FUZZ_EXAMPLES", "50"))
DERANDOMIZE = "CEASEFIRE_FUZZ_EXAMPLES" not in os.environ


@pytest.fixture(scope="module")
def fuzzed_app(seed_db: str, session_dbs: Any, analyser: Any) -> Iterator[Any]:
    from ceasefire.serve import create_app
    db = session_dbs.copy(seed_db, "fuzz")
    app = create_app(db, token=TOKEN, analyser_factory=lambda: analyser)
    yield app
    app.state.jobs.close()
    app.state.store.close()


def exercise(operation: Any, name: str, calls: dict[str, int]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=DERANDOMIZE, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        calls[name] = calls.get(name, 0) + 1
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

    run()


def test_every_operation_holds_under_generated_requests(fuzzed_app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    calls: dict[str, int] = {}
    for operation in operations:
        name = f"{operation.method.upper()} {operation.path}"
        try:
            exercise(operation, name, calls)
        except Exception as exc:  # noqa: BLE001 - every operation is run; all failures are reported together
            failures.append(f"{name}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert all(calls.get(f"{o.method.upper()} {o.path}", 0) > 0 for o in operations), calls
