"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It only accepts an ISO date as its value, whatever the page's language
    (a localised "2020/02/03" would show an empty field), so the value is always rendered as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
