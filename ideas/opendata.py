"""Open data: ideas with their outcome as CSV and JSON. (To be completed.)"""

from django.http import HttpResponse
from django.shortcuts import render


def open_data_page(request):
    return render(request, "ideas/open_data.html", {})


def ideas_csv(request):
    return HttpResponse("", content_type="text/csv")


def ideas_json(request):
    return HttpResponse("[]", content_type="application/json")
