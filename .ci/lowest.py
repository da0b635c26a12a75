"""Print pip constraints pinning each runtime dependency of pyproject.toml to the
lowest version it allows (``boto3>=1.34`` -> ``boto3==1.34``), for CI's oldest leg."""

import pathlib
import re
import sys

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = None

text = (pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
if tomllib is not None:
    dependencies = tomllib.loads(text)["project"]["dependencies"]
else:  # the [project] table's dependencies list, read without a TOML parser
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M)
    assert block is not None, "pyproject.toml has no dependencies list"
    dependencies = re.findall(r'"([^"]+)"', block.group(1))
for dependency in dependencies:
    requirement = dependency.split(";")[0].strip()
    found = re.match(r"([A-Za-z0-9_.\-\[\]]+)\s*>=\s*([0-9][^,\s]*)", requirement)
    if found is None:
        sys.exit(f"no lower bound to pin in {dependency!r}")
    name = re.sub(r"\[.*\]", "", found.group(1))
    print(f"{name}=={found.group(2)}")
