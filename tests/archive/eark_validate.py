"""Run by the eark-validator's own Python (.venv-eark): validate an unpacked E-ARK package and
print its errors as JSON, one object per line; the exit status says whether it is valid.

eark-validator 1.1.3 downloads four CSIP vocabularies when it is imported; here they are read
from the copies the package carries, so validation works offline."""

import json
import sys
import urllib.request
from importlib.resources import files
from pathlib import Path


def bundled_vocabulary(uri, *args, **kwargs):
    name = uri.rsplit("/", 1)[-1]
    return files("eark_validator.ipxml.resources.vocabs").joinpath(name).open("rb")


urllib.request.urlopen = bundled_vocabulary

# eark-validator 1.1.3's SIP14 asks every CREATOR agent's note for a NOTETYPE attribute without a
# namespace, which the METS schema it also applies forbids, while CSIP15/16 require the software
# agent's note with csip:NOTETYPE="SOFTWARE VERSION": no package can satisfy both. The E-ARK SIP
# specification's own SIP14 is about the csip:NOTETYPE of an organisation's identification code.
VALIDATOR_DEFECTS = {"SIP14"}

from eark_validator.packages import PackageValidator  # noqa: E402

report = PackageValidator(Path(sys.argv[1])).validation_report
problems = [
    {"where": "structure", **m.model_dump(mode="json")}
    for m in report.structure.messages
    if m.severity.value.upper() == "ERROR"
]
for part in ("schema_results", "schematron_results"):
    results = getattr(report.metadata, part) if report.metadata else None
    for message in results.messages if results else []:
        if message.severity.value.upper() == "ERROR" and message.rule_id not in VALIDATOR_DEFECTS:
            problems.append({"where": part, **message.model_dump(mode="json")})
for problem in problems:
    print(json.dumps(problem, ensure_ascii=False))
print(json.dumps({"structure": report.structure.status.value, "errors": len(problems)}))
sys.exit(1 if problems or report.structure.status.value.upper() != "WELLFORMED" else 0)
