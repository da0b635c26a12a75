"""The CloudWatch Logs Insights query language (``queryLanguage`` ``CWLI``): the
tokens (:mod:`.lexer`), the parser (:mod:`.syntax`), its nodes (:mod:`.nodes`), functions and aggregates
(:mod:`.functions`), and the evaluator (:mod:`.evaluate`)."""

from eventmock.services.logs.insights.evaluate import DEFAULT_LIMIT, Outcome, Source, discovered_fields, run
from eventmock.services.logs.insights.lexer import QueryError
from eventmock.services.logs.insights.syntax import parse

__all__ = ["DEFAULT_LIMIT", "Outcome", "QueryError", "Source", "discovered_fields", "parse", "run"]
