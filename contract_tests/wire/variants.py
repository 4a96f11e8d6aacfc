"""Near misses of a team's token, one per axis on which a server can blur two tokens: how each
is made from the token, and how a reproduction makes it from the environment variable that
holds the token (a shell expression for curl, a Python one for a replay script), so that no
report ever shows a token, nor a variant one character away from it.

One variant is the token itself by a standard: two spaces after `Bearer` (RFC 6750 §2.1 writes
`Bearer 1*SP b64token`). A server may take it as the token; the others are other tokens.
A NUL cannot be sent at all: RFC 9110 §5.5 forbids it in a field value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

FULLWIDTH = 0xFEE0  # from an ASCII letter or digit to its fullwidth look-alike (NFKC folds it)


def _swapped(token: str) -> str:
    return token.swapcase()


def _percent(token: str) -> str:
    return f"%{ord(token[0]):02X}{token[1:]}"


def _look_alike(token: str) -> str:
    """The first ASCII letter or digit made fullwidth, as the latin-1 view of its UTF-8 bytes:
    HTTP carries a field value's other bytes as obs-text, and clients write headers in latin-1."""
    for index, char in enumerate(token):
        if char.isascii() and char.isalnum():
            varied = token[:index] + chr(ord(char) + FULLWIDTH) + token[index + 1 :]
            return varied.encode("utf-8").decode("latin-1")
    return token + "\uff10".encode("utf-8").decode("latin-1")


@dataclass(frozen=True)
class TokenVariant:
    axis: str
    apply: Callable[[str], str]  # the token as sent
    shell: str  # a bash expression of "{var}", the variable holding the token
    python: str  # a Python expression of `token`
    gap: str = " "  # what separates `Bearer` and the token
    equal: str = ""  # the standard that makes it the token itself

    def header(self, token: str) -> str:
        return f"Bearer{self.gap}{self.apply(token)}"

    def shown(self, variable: str) -> str:
        return f"Bearer{self.gap}{self.shell.format(var=variable)}"


TOKEN_VARIANTS = (
    TokenVariant("case", _swapped, "${{{var}~~}}", "token.swapcase()"),
    TokenVariant("whitespace", lambda t: t, "${{{var}}}", "token", gap="  ",
                 equal="RFC 6750 §2.1 (Bearer 1*SP b64token)"),
    TokenVariant("prefix", lambda t: t[:-1], "${{{var}%?}}", "token[:-1]"),
    TokenVariant("extension", lambda t: t + "0", "${{{var}}}0", 'token + "0"'),
    TokenVariant("percent-encoding", _percent,
                 "$(printf %%%02X \"'${{{var}:0:1}}\")${{{var}:1}}",
                 '"%%%02X" % ord(token[0]) + token[1:]'),
    TokenVariant("look-alike", _look_alike,
                 "$(printf %s \"${{{var}}}\" | python3 -c 'import sys; t = sys.stdin.read(); "
                 "print(next(t[:i] + chr(ord(c) + 65248) + t[i + 1:] for i, c in enumerate(t) "
                 "if c.isascii() and c.isalnum()), end=\"\")')",
                 "next(token[:i] + chr(ord(c) + 0xFEE0) + token[i + 1:] for i, c in "
                 "enumerate(token) if c.isascii() and c.isalnum()).encode().decode('latin-1')"),
)  # fmt: skip
BY_AXIS = {variant.axis: variant for variant in TOKEN_VARIANTS}
# The axis of near misses a token cannot be varied on, and why.
NOT_FOR_TOKENS = {"trailing NUL": "RFC 9110 §5.5 forbids NUL in a field value: it cannot be sent"}
