"""`run_action`, the POST of an action button: its success message is a text, a function of what the
service returned, or none at all (a button that goes on to the result's own page, such as a started job)."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.test import RequestFactory

from fupin.core.errors import DomainError
from fupin.core.views import run_action


class CountForm(forms.Form):
    n = forms.IntegerField()


def _request():
    request = RequestFactory().post("/", {"n": "3"})
    request.session = SessionBase()
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [str(m) for m in get_messages(request)]


def test_the_success_message_may_be_a_function_of_the_result():
    request = _request()

    result = run_action(request, CountForm(request.POST), lambda d: d["n"] * 2, lambda r: f"done {r}")

    assert result == 6 and _texts(request) == ["done 6"]


def test_no_success_message_when_none_is_given_but_the_result_is_returned():
    request = _request()

    assert run_action(request, CountForm(request.POST), lambda d: d["n"], None) == 3
    assert _texts(request) == []


def test_an_invalid_form_or_a_refusal_is_an_error_message_and_no_result():
    request = _request()

    def refuse(data):
        raise DomainError("不行")

    assert run_action(request, CountForm({}), lambda d: d, None, invalid="请检查") is None
    assert run_action(request, CountForm(request.POST), refuse, "ok") is None
    assert _texts(request) == ["请检查", "不行"]
