"""A pytest plugin that records every notebook cell's outputs as nbval saw them (for repeat_nbval.py).

Loaded with ``-p nbval_record`` (benchmarks/ on PYTHONPATH); writes one JSON line per cell to the
file named by ``$NBVAL_RECORD``. Outputs are kept as nbval compares them, with two exceptions that
are random by design and carry no lesson text: a widget's ``model_id`` (a fresh UUID per widget)
and memory addresses in reprs (the suite's own sanitize rule, tests/nbval_sanitize.cfg).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any

_ADDRESS = re.compile(r"at 0x[0-9a-fA-F]+")
_WIDGET = "application/vnd.jupyter.widget-view+json"


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _ADDRESS.sub("at 0xADDRESS", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def normalise(outputs: list[Any]) -> list[dict[str, Any]]:
    """Outputs as comparable JSON: text kept, images hashed, widget model ids blanked."""
    out = []
    for o in outputs:
        o = json.loads(json.dumps(o, default=str))
        o.pop("execution_count", None)
        o.pop("metadata", None)
        data = o.get("data")
        if isinstance(data, dict):
            if isinstance(data.get(_WIDGET), dict):
                data[_WIDGET] = {**data[_WIDGET], "model_id": "<widget>"}
            for key in list(data):
                if key.startswith("image/") and key != "image/svg+xml":
                    blob = data[key] if isinstance(data[key], str) else json.dumps(data[key])
                    data[key] = "sha256:" + hashlib.sha256(blob.encode()).hexdigest()[:16]
        out.append(_clean(o))
    return out


def pytest_runtest_teardown(item: Any) -> None:
    path = os.environ.get("NBVAL_RECORD")
    outs = getattr(item, "test_outputs", None)
    if not path or outs is None:
        return
    source = getattr(getattr(item, "cell", None), "source", "")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"cell": item.nodeid, "source": source, "outputs": normalise(outs)},
                            sort_keys=True, ensure_ascii=False) + "\n")
