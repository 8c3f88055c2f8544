#!/usr/bin/env python3
"""Check that the emulator's responses deserialize into the official SDK's models without loss.

Issue 2 acceptance: the responses for queues, skills, skill groups, wrap-up codes,
users, utilization, triggers, integrations and analytics queries must survive the
official Python SDK (``purecloudplatformclientv2``).  The SDK is NOT a dependency
of the project: this dev tool runs in a throwaway venv outside the repo.

How to run (from anywhere; the repo's own venv provides the emulator)::

    python3 -m venv /tmp/sdkvenv
    /tmp/sdkvenv/bin/pip install purecloudplatformclientv2 requests
    /tmp/sdkvenv/bin/python /work/main/tools/sdk_conformance.py

Options: ``--emulator PATH`` (default: ``<repo>/.venv/bin/genesys-emulator``),
``--verbose`` (list every finding, not only the first few per response),
``--json FILE`` (write the findings as JSON too), ``--coverage`` (list the
model fields that no answer carried: what the emulator does not model).

What it does, after a self-test that plants one defect of each kind and
insists that the checker flags it:

1. Starts ``genesys-emulator --port 0 --seed demo``, takes a token, and calls
   every listing and get of the routing subset plus the write operations
   (creates, PUTs, PATCHes, DELETEs, analytics and audit queries), a set of
   error answers (400/401/404/405/409/413/415, the rate limiter's 429, injected
   429/5xx faults) and the audit events the emulator published.  Each JSON body
   is deserialized with the SDK's own ``ApiClient.__deserialize`` into the model
   the SDK declares for that operation (read from the SDK's ``apis/*.py``, so
   the SDK stays the oracle; ``ErrorBody`` for errors), re-serialized with
   ``ApiClient.sanitize_for_serialization`` and compared with the original.
2. Drives the emulator through the SDK's API classes: request bodies are SDK
   models serialized by the SDK, answers are parsed by the SDK's HTTP path.
3. Probes every enum of the request bodies: each SDK value must be accepted,
   a value outside the SDK must get a 400 (stored and echoed back, it would be
   lost by SDK clients).

Findings:

* ``unknown-key``   a key the model does not declare (the SDK drops it: loss)
* ``type``          a value of another JSON type than the model's (str for an
                    int, a float for an int, an object for a string...), or a
                    date-time not in the models' form yyyy-MM-ddTHH:mm:ss[.mmm]Z
* ``enum``          a value outside the setter's ``allowed_values`` (the SDK
                    replaces it with ``outdated_sdk_version``)
* ``enum-case``     a value that matches an allowed value only ignoring case
* ``null``          a key whose value is null (the SDK drops it; the platform
                    omits null fields)
* ``roundtrip``     any other difference after deserialize + serialize
* ``parse-error``   the SDK raised while deserializing
* ``no-model``      a body where the SDK expects none, or an operation that is
                    not in the SDK at all
* ``no-body``       no body where the SDK expects a model
* ``sdk-call``      an SDK API call raised
* ``rejects-sdk-enum`` / ``accepts-invalid-enum``   from the request enum probe

Exit status: 0 without findings, 1 with findings, 2 when the check itself
could not run (SDK missing, emulator did not start, an API call failed).

This file runs the check and prints the report; the parts live beside it:
sdk_conformance_checker.py (the checker and its self-test), sdk_conformance_calls.py
(step 1, with sdk_conformance_taskmanagement.py) and sdk_conformance_sdk.py (steps 2 and 3).
"""
import argparse
import datetime
import json
import os
import sys
import time
from typing import Dict, List, Optional

try:
    import requests  # noqa: F401 - checked here, used by the parts below
    import PureCloudPlatformClientV2
    from PureCloudPlatformClientV2 import models as sdk_models  # noqa: F401 - checked here
    from dateutil.parser import isoparse  # noqa: F401 - checked here
except ImportError as exc:   # pragma: no cover - depends on the throwaway venv
    sys.stderr.write("sdk_conformance: %s\nRun it with the throwaway SDK venv, see the "
                     "docstring: /tmp/sdkvenv/bin/python tools/sdk_conformance.py\n" % exc)
    sys.exit(2)

# The parts, split by job; each imports the SDK itself, so they come after the check above.
from sdk_conformance_calls import Api, EmulatorProcess, Recorder, exercise  # noqa: E402
from sdk_conformance_checker import (  # noqa: E402
    SELF_TEST_CASES, Checker, Recorded, SetupError, check_records, self_test)
from sdk_conformance_sdk import BOGUS_ENUM, EnumProbe, SdkClientRound  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_EMULATOR = os.path.join(REPO, ".venv", "bin", "genesys-emulator")

# ---------------------------------------------------------------------------
# Report

def _rate_limited(executable: str) -> List[Recorded]:
    """The 429 of the real rate limiter (a second emulator, one call per window)."""
    process = EmulatorProcess(executable, "--rate-limit", "1")
    try:
        recorder = Recorder(Api(process.url))
        recorder("GET", "/api/v2/routing/skills", "(within the limit)")
        recorder.error(429, "GET", "/api/v2/routing/skills", "(rate limit)")
        return recorder.records
    finally:
        process.stop()



def sdk_version() -> str:
    try:
        from importlib.metadata import version
        return version("PureCloudPlatformClientV2")
    except Exception:   # metadata missing: still report the rest
        return "?"


def run(emulator: str, verbose: bool, json_file: Optional[str], coverage: bool) -> int:
    missed = self_test()
    if missed:
        raise SetupError("the checker's self-test failed:\n  " + "\n  ".join(missed))
    checker = Checker(PureCloudPlatformClientV2.ApiClient())
    process = EmulatorProcess(emulator)
    try:
        recorder = Recorder(Api(process.url))
        ctx = exercise(recorder)
        sdk_calls = SdkClientRound(process.url).run()
        probe = EnumProbe(recorder.api)
        probe.run(ctx)
    finally:
        process.stop()
    records = recorder.records + _rate_limited(emulator)
    rows = check_records(records, checker)

    print("SDK conformance: PureCloudPlatformClientV2 %s against %s (seed demo), %s"
          % (sdk_version(), emulator, datetime.date.today().isoformat()))
    print("checker self-test passed: %d planted defects flagged, a clean Queue not flagged"
          % (len(SELF_TEST_CASES) + 3))
    print()
    width = max(len(record.label) for record, _, _ in rows)
    model_width = max(len(klass) for _, klass, _ in rows)
    print("%-*s  %-*s  %s" % (width, "RESPONSE", model_width, "SDK MODEL", "FINDINGS"))
    total = 0
    kinds: Dict[str, int] = {}
    for record, klass, findings in rows:
        total += len(findings)
        print("%-*s  %-*s  %d" % (width, record.label, model_width, klass, len(findings)))
        shown = findings if verbose else findings[:5]
        for finding in shown:
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
            print("    %-12s %s  %s" % (finding.kind, finding.path, finding.detail))
        for finding in findings[len(shown):]:
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
        if len(findings) > len(shown):
            print("    ... %d more (use --verbose)" % (len(findings) - len(shown)))
    print()
    print("SDK AS THE CLIENT (request models serialized by the SDK, answers parsed by it)")
    for label, error in sdk_calls:
        print("  %-62s %s" % (label, "ok" if error is None else "FAILED"))
        if error is not None:
            total += 1
            kinds["sdk-call"] = kinds.get("sdk-call", 0) + 1
            print("    %s" % error)
    print()
    print("REQUEST ENUMS (every SDK value sent, then [%s])" % BOGUS_ENUM)
    for label, where, accepted, unproven, findings in probe.rows:
        print("  %-58s %-52s accepted %d" % (label, where, accepted))
        for item in unproven:
            print("    %-20s %s" % ("unproven", item))
        for finding in findings:
            total += 1
            kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
            print("    %-20s %s" % (finding.kind, finding.detail))
    print()
    print("%-45s %8s %9s" % ("MODEL (nested models included)", "OBJECTS", "FINDINGS"))
    for name in sorted(checker.models_seen):
        print("%-45s %8d %9d" % (name, checker.models_seen[name],
                                  checker.model_findings.get(name, 0)))
    if coverage:
        print()
        print("COVERAGE: model fields no answer carried (not findings; what the emulator "
              "does not model)")
        for name in sorted(checker.models_seen):
            unseen = checker.unseen_fields(name)
            if unseen:
                print("  %s: %s" % (name, ", ".join(unseen)))
    print()
    print("%d responses (%d JSON fields), %d models, %d SDK client calls, %d request enums, "
          "%d findings%s" % (
              len(rows), checker.fields_checked, len(checker.models_seen), len(sdk_calls),
              len(probe.rows), total,
        (" (" + ", ".join("%s %d" % item for item in sorted(kinds.items())) + ")")
        if kinds else ""))
    if json_file:
        with open(json_file, "w", encoding="utf-8") as handle:
            json.dump({"sdk": sdk_version(), "date": datetime.date.today().isoformat(),
                       "responses": [{"response": record.label, "status": record.status,
                                      "model": klass,
                                      "findings": [f.as_dict() for f in findings]}
                                     for record, klass, findings in rows],
                       "sdk_client_calls": [{"call": label, "error": error}
                                            for label, error in sdk_calls],
                       "request_enums": [{"request": label, "field": where,
                                          "accepted": accepted, "unproven": unproven,
                                          "findings": [f.as_dict() for f in findings]}
                                         for label, where, accepted, unproven, findings
                                         in probe.rows],
                       "models": checker.models_seen}, handle, indent=2)
    return 1 if total else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--emulator", default=DEFAULT_EMULATOR,
                        help="genesys-emulator executable (default: %(default)s)")
    parser.add_argument("--verbose", action="store_true", help="list every finding")
    parser.add_argument("--json", metavar="FILE", help="also write the findings as JSON")
    parser.add_argument("--coverage", action="store_true",
                        help="also list the model fields that no answer carried")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        status = run(args.emulator, args.verbose, args.json, args.coverage)
    except SetupError as exc:
        sys.stderr.write("sdk_conformance: cannot check: %s\n" % exc)
        return 2
    print("(%.1f s)" % (time.monotonic() - started))
    return status


if __name__ == "__main__":
    sys.exit(main())
