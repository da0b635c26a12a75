"""Deployment packages for the Lambda tests."""

from __future__ import annotations

import io
import zipfile

ROLE = "arn:aws:iam::123456789012:role/lambda-role"


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def python_function(body: str, module: str = "lambda_function") -> bytes:
    return zipped({f"{module}.py": body})


ECHO = python_function("def handler(event, context):\n    return {'echo': event, 'version': context.function_version}\n")


def create(client, name: str = "echo", code: bytes = ECHO, handler: str = "lambda_function.handler", **extra):
    params = {"FunctionName": name, "Runtime": "python3.12", "Role": ROLE, "Handler": handler, "Code": {"ZipFile": code}}
    params.update(extra)
    return client.create_function(**params)
