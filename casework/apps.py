from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Ärenden och register")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models import CharField, TextField, fields
        from django.db.models.signals import post_migrate

        from casework import kinds, search, services, signals
        from casework.models import Document

        signals.connect()
        # Search ignoring case and diacritics: field__folded__contains=search.fold(words).
        CharField.register_lookup(search.Folded)
        TextField.register_lookup(search.Folded)
        connection_created.connect(search.register_sqlite_fold, dispatch_uid="casework_fold")
        post_migrate.connect(services.reindex_after_migrate, sender=self, dispatch_uid="reindex")
        # The core's own kinds of document; a referral is sent, the others come in.
        kinds.register(
            kinds.AppHooks(
                app=self.label,
                document_kinds=tuple(
                    kinds.DocumentKindSpec(
                        kind.value,
                        kind.label,
                        (
                            Document.Direction.OUTGOING
                            if kind == Document.Kind.REFERRAL
                            else Document.Direction.INCOMING
                        ),
                    )
                    for kind in Document.Kind
                ),
            )
        )
        # Django 6.1's empty choice, untranslated in Swedish; Django asks apps to set it here.
        fields.BLANK_CHOICE_LABEL = "– Välj –"
