"""The employment pages under /employment/ and the `employment:` names: the board (employment_board) with the
pages of the employment app."""

from django.urls import path

from fupin.dashboard import employment_board
from fupin.employment import urls as employment

app_name = "employment"
urlpatterns = [
    path("", employment_board.home, name="home"),
    *employment.urlpatterns,
]
