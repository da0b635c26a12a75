"""GetRandomPassword."""

from __future__ import annotations

import secrets as _random
import string
from typing import Any

from eventmock.services.secretsmanager.base import SecretsBase, invalid_parameter

#: The punctuation AWS draws from (``ExcludePunctuation`` removes these).
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
DEFAULT_LENGTH = 32


class PasswordOperations(SecretsBase):
    def get_random_password(
        self,
        PasswordLength: int | None = None,
        ExcludeCharacters: str | None = None,
        ExcludeNumbers: bool | None = None,
        ExcludePunctuation: bool | None = None,
        ExcludeUppercase: bool | None = None,
        ExcludeLowercase: bool | None = None,
        IncludeSpace: bool | None = None,
        RequireEachIncludedType: bool | None = None,
    ) -> dict[str, Any]:
        length = DEFAULT_LENGTH if PasswordLength is None else PasswordLength
        excluded = set(ExcludeCharacters or "")
        groups = [
            chars
            for chars, off in (
                (" ", not IncludeSpace),
                (string.ascii_lowercase, ExcludeLowercase),
                (string.ascii_uppercase, ExcludeUppercase),
                (string.digits, ExcludeNumbers),
                (PUNCTUATION, ExcludePunctuation),
            )
            if not off
        ]
        groups = [g for g in ("".join(c for c in group if c not in excluded) for group in groups) if g]
        if not groups:
            raise invalid_parameter("The password must contain at least one character type.")
        # one character of each type (as many types as the length holds, space first)
        required = groups[:length] if RequireEachIncludedType is not False else []
        pool = "".join(groups)
        chars = [_random.choice(group) for group in required]
        chars += [_random.choice(pool) for _ in range(length - len(chars))]
        for i in range(len(chars) - 1, 0, -1):  # shuffle
            j = _random.randbelow(i + 1)
            chars[i], chars[j] = chars[j], chars[i]
        return {"RandomPassword": "".join(chars)}
