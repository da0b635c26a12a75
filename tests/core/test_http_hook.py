"""The one HTTP hook: register_http, what a handler gets and returns, the record."""

from __future__ import annotations

import pytest

import eventmock
from eventmock import mock_aws
from eventmock.core import http


def test_a_registered_handler_answers_and_every_request_is_recorded():
    with mock_aws() as aws:
        got = []

        def handler(request):
            got.append(request)
            return 201, {"ok": True}

        eventmock.register_http("https://hooks.example.com/", handler)
        response = http.send(aws.store, "post", "https://hooks.example.com/a?b=1", {"Content-Type": "application/json"}, '{"x": 1}')
        assert (response.status, response.body) == (201, b'{"ok": true}')
        [request] = got
        assert request.method == "POST" and request.url == "https://hooks.example.com/a?b=1"
        assert request.headers["content-type"] == "application/json"  # case-insensitive
        assert request.json() == {"x": 1}
        assert aws.http.requests == [request]


@pytest.mark.parametrize(
    ("returned", "status", "body"),
    [(None, 200, b""), (204, 204, b""), ((500, "boom"), 500, b"boom"), ((200, b"\x00"), 200, b"\x00")],
)
def test_what_a_handler_may_return(returned, status, body):
    with mock_aws() as aws:
        aws.register_http("http://x/", lambda request: returned)
        response = http.send(aws.store, "GET", "http://x/y", {})
        assert (response.status, response.body) == (status, body)


def test_the_longest_prefix_wins_and_an_unregistered_url_is_unreachable():
    with mock_aws() as aws:
        aws.register_http("https://api.example.com/", lambda r: 200)
        aws.register_http("https://api.example.com/v2/", lambda r: 202)
        assert http.send(aws.store, "GET", "https://api.example.com/v2/x", {}).status == 202
        assert http.send(aws.store, "GET", "https://api.example.com/v1/x", {}).status == 200
        with pytest.raises(http.Unreachable):
            http.send(aws.store, "GET", "https://elsewhere.example.com/", {})
        assert [r.url for r in aws.http.requests][-1] == "https://elsewhere.example.com/"
        assert aws.http.sent[-1].response is None


def test_handlers_end_with_the_mock():
    with mock_aws() as aws:
        aws.register_http("http://x/", lambda r: 200)
    with mock_aws() as aws:
        with pytest.raises(http.Unreachable):
            http.send(aws.store, "GET", "http://x/", {})
