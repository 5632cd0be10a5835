"""Backfill: order the reading of the text of every public document with a file whose text has
not been read (those registered before documents' texts were searched, and those whose reading
failed). The background worker reads them; with --nu they are read here and now."""

from django.core.management.base import BaseCommand

from casework.models import Document, DocumentText
from casework.services import document_text_order, document_text_read


class Command(BaseCommand):
    help = "Läser texten i handlingar vars text inte lästs (eller inte kunde läsas) för sökningen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--nu", action="store_true", help="Läs texten här och nu, inte i bakgrundsarbetaren."
        )

    def handle(self, *args, nu: bool, **options):
        unread = (
            Document.objects.public_attachments()
            .exclude(file="")
            .exclude(extracted__status=DocumentText.Status.DONE)
            .order_by("pk")
        )
        if not nu:  # those waiting are in the worker's queue already
            unread = unread.exclude(extracted__status=DocumentText.Status.PENDING)
        ordered = 0
        for document in unread.iterator():
            if nu:
                DocumentText.objects.update_or_create(
                    document=document, defaults={"status": DocumentText.Status.PENDING}
                )
                document_text_read(document_id=document.pk)
            else:
                document_text_order(document=document, again=True)
            ordered += 1
        done = "lästa" if nu else "beställda"
        self.stdout.write(f"{ordered} handlingar {done}.")
