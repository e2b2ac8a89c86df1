from django.http import HttpResponse


def index(request):
    return HttpResponse("")


def detail(request, pk: int):
    return HttpResponse("")


def submit(request, slug: str):
    return HttpResponse("")


def mine(request):
    return HttpResponse("")


def support(request, pk: int):
    return HttpResponse("")


def comment(request, pk: int):
    return HttpResponse("")
