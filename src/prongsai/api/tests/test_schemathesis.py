"""Schemathesis against the API's own OpenAPI description, through the Django WSGI app with a
valid write token: every operation, with valid (positive) and invalid (negative) data, answers
without a 500 and every answer it documents matches its schema. Bounded: a few examples an
operation, derandomised so a run is repeatable."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from prongsai.api.tests.test_access import ApiTestCase

EXAMPLES = 6  # per operation and mode
CHECKS = [
    not_a_server_error,  # no 500
    status_code_conformance,  # every status is one the description lists
    content_type_conformance,
    response_schema_conformance,  # and its body matches that status's schema
]


@pytest.mark.slow
@override_settings(API_RATE="off", ALLOWED_HOSTS=["localhost", "testserver"])
class SchemathesisTests(ApiTestCase):
    def setUp(self):
        # The WSGI handler closes "old" connections at each request; inside the test's
        # transaction that would drop it (Django's test client disconnects the same way).
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        self.addCleanup(signals.request_started.connect, close_old_connections)
        self.addCleanup(signals.request_finished.connect, close_old_connections)
        cache.clear()

    def path_values(self, path: str) -> dict:
        """Real ids of organisation A, so the examples reach its objects and not only 404s."""
        ours = self.objects["a"]
        ids = {
            "analyses": ours["analysis"].pk, "measures": ours["measure"].pk,
            "projects": ours["project"].pk, "progress": ours["progress"].pk,
            "evidence": ours["evidence"].pk, "checks": ours["check"].pk,
            "link-checks": ours["link"].pk, "frameworks": self.result_a.framework_id,
        }  # fmt: skip
        values = {}
        if "{org_slug}" in path:
            values["org_slug"] = "org-a"
        if "{slug}" in path:
            values["slug"] = "org-a"
        if "{year}" in path:
            values["year"] = 2568
        if "{name}" in path:
            values["name"] = "ชลบุรี"
        if "{id}" in path:
            collection = path.rstrip("/").split("/")[-2]
            values["id"] = ids[collection]
        return values

    def test_every_operation_answers_without_a_500_and_as_documented(self):
        app = get_wsgi_application()
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreaterEqual(len(operations), 30)
        failures = []
        tried = 0
        for operation in operations:
            token = self.province_text if "{name}" in operation.path else self.write_a_text
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                tried += self.fuzz(operation, mode, token, EXAMPLES, failures)
        self.assertGreaterEqual(tried, len(operations))
        # A read-only token on every write (403, as described), no token on every read (401).
        for operation in operations:
            if operation.method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
                self.fuzz(operation, GenerationMode.POSITIVE, self.read_a_text, 2, failures)
            else:
                self.fuzz(operation, GenerationMode.POSITIVE, None, 2, failures)
        self.assertFalse(failures, "\n\n".join(failures))

    def fuzz(self, operation, mode, token, examples, failures) -> int:
        """Runs the examples; a failure is noted (all operations' failures, not the first only).
        1 when the operation was tried, 0 when there was nothing to make invalid."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        strategy = operation.as_strategy(
            generation_mode=mode,
            path_parameters=self.path_values(operation.path),
            headers=headers,
        )

        @given(case=strategy)
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            if not token:
                case.headers.pop("Authorization", None)
            response = case.call()
            case.validate_response(response, checks=CHECKS)
            if not token:
                assert response.status_code == 401, response.status_code
            elif token == self.read_a_text:
                assert response.status_code in (400, 403, 404, 405), response.status_code

        try:
            run()
        except Unsatisfiable:  # nothing to make invalid in this operation
            return 0
        except (Exception, BaseExceptionGroup) as failure:
            who = (
                "no token"
                if not token
                else ("read token" if token == self.read_a_text else "write token")
            )
            failures.append(f"{operation.label} ({mode.value}, {who}): {failure}")
        return 1
