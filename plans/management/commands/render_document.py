"""`manage.py render_document KIND --plan SLUG --lang ar [--date YYYY-MM-DD] [--out FILE]`:
renders a plan's published document now (core.documents), for the
secretariat and for cron, and prints its page count, render time and peak memory.
A document about another subject (a consultation, a meeting) names it by its
id instead: `render_document consultation-report --id 3 --lang fr`.

The rendered file becomes the plan's stored document (the documents page and
its repository serve it) unless `--out` alone is wanted (`--no-store`)."""

import resource
import threading
import time
from datetime import date as Date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import documents
from plans.models import Plan

PLAN = "plans.Plan"


def _resident_kb() -> int:
    """The process's memory now (Linux: VmRSS)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class _Peak(threading.Thread):
    """The highest memory the process reaches while it runs (sampled every 10 ms)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.kb, self.done = _resident_kb(), threading.Event()

    def run(self):
        while not self.done.wait(0.01):
            self.kb = max(self.kb, _resident_kb())

    def stop(self) -> int:
        self.done.set()
        self.join()
        return max(self.kb, _resident_kb())


class Command(BaseCommand):
    help = "Renders a plan's published document (action plan, reports) as PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(documents.registry()))
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", help="the plan's slug (a plan's document)")
        which.add_argument("--id", type=int, help="the id of the document's subject (any other document)")
        parser.add_argument("--lang", required=True, choices=[code for code, _name in settings.LANGUAGES])
        parser.add_argument("--date", type=Date.fromisoformat, help="for a dated document (YYYY-MM-DD)")
        parser.add_argument("--out", type=Path, help="write the PDF to this file")
        parser.add_argument("--no-store", action="store_true", help="only write --out, keep the stored one")

    def handle(self, kind, plan, id, lang, date, out, no_store, **options):
        document = documents.registry()[kind]
        if document.subject == PLAN and plan is None:
            raise CommandError(f"The {kind} is a plan's: name the plan with --plan SLUG.")
        if document.subject != PLAN and plan is not None:
            raise CommandError(f"The {kind} is about a {document.subject}: name it with --id.")
        if plan is not None:
            subject = Plan.objects.filter(slug=plan).first()
            if subject is None:
                raise CommandError(f"No plan has the slug {plan!r}.")
        else:
            subject = apps.get_model(document.subject)._default_manager.filter(pk=id).first()
            if subject is None:
                raise CommandError(f"No {document.subject} has the id {id}.")
        if date is not None and document.dates is None:
            raise CommandError(f"The {kind} is not dated: leave out --date.")
        if lang not in document.in_languages():
            raise CommandError(f"The {kind} is not published in {lang}.")
        if no_store and out is None:
            raise CommandError("--no-store needs --out.")
        before_kb = _resident_kb()
        peak = _Peak()
        peak.start()
        started = time.perf_counter()
        if no_store:
            rendered = documents.render(document, subject, lang, date)
            content, pages = rendered.pdf, rendered.pages
        else:
            row = documents.render_now(document, subject, lang, date)
            content, pages = row.file.read(), row.pages
            row.file.close()
        seconds = time.perf_counter() - started
        # The process's peak memory during the render, and how much above its memory before it (KB).
        peak_kb = peak.stop()
        if out is not None:
            out.write_bytes(content)
        which = " ".join([kind, plan or f"#{id}", lang, *([date.isoformat()] if date else [])])
        where = f" → {out}" if out is not None else ""
        self.stdout.write(
            f"{which}: {pages} pages, {len(content) // 1024} KB, {seconds:.2f} s, "
            f"peak memory {peak_kb / 1024:.0f} MB (+{(peak_kb - before_kb) / 1024:.0f} MB){where}"
        )
