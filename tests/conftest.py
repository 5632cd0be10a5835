"""A small world shared by the tests: bodies, people with parties, a registry, a motion."""

import datetime
import os
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casework.models import (
    Body,
    ChainStep,
    Meeting,
    Membership,
    Municipality,
    Party,
    PartyAffiliation,
    Person,
    Registry,
)
from motions import demo as stockholm
from motions.services import motion_register
from rotlar.models import Rotel, RotelHead, RotlarProfile

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside Playwright's loop

D = datetime.date
FILED = D(2023, 9, 25)
TERM = {"starts_on": D(2022, 10, 17), "ends_on": D(2030, 10, 14)}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL's own features are left out (deselected, not skipped) on SQLite."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if not item.get_closest_marker("postgresql")]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a test that cannot run fails; it does not skip."""
    report = yield
    if (
        os.environ.get("CI", "").lower() == "true"
        and report.skipped
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        report.longrepr = (
            f"In CI a test that cannot run fails instead of skipping: {report.longrepr}"
        )
    return report


def pdf_text(pdf: bytes) -> str:
    """A PDF's text as poppler's pdftotext reads it."""
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


class World:
    def __init__(self):
        stockholm.load_profile()  # with rotlar
        Municipality.current()  # kept in memory, as before the tests' first page
        self.sd = Party.objects.create(abbreviation="SD", name="Sverigedemokraterna")
        self.s = Party.objects.create(abbreviation="S", name="Socialdemokraterna")
        self.l = Party.objects.create(abbreviation="L", name="Liberalerna")
        self.kf = Body.objects.create(name="Kommunfullmäktige", kind=Body.Kind.COUNCIL)
        self.slk = Body.objects.create(name="Stadsledningskontoret", kind=Body.Kind.OFFICE)
        self.ks = Body.objects.create(
            name="Kommunstyrelsen", kind=Body.Kind.EXECUTIVE, office=self.slk
        )
        self.sof = Body.objects.create(name="Socialförvaltningen", kind=Body.Kind.OFFICE)
        self.sn = Body.objects.create(
            name="Socialnämnden", kind=Body.Kind.COMMITTEE, office=self.sof
        )
        self.brb = Body.objects.create(name="Borgarrådsberedningen", kind=Body.Kind.PREPARATORY)
        self.registry = Registry.objects.create(
            prefix="KS", name="Kommunstyrelsens diarium", body=self.ks
        )
        for kind in ("motion", "medborgarforslag"):
            for position, body in enumerate([self.brb, self.ks, self.kf], start=1):
                ChainStep.objects.create(case_kind=kind, position=position, body=body)
        ChainStep.objects.create(case_kind="skrivelse", position=1, body=self.ks)
        self.kroon = self.person("Gabriel", "Kroon", self.sd, [self.kf, self.ks, self.sn])
        self.wanngard = self.person("Karin", "Wanngård", self.s, [self.kf, self.ks])
        self.jonsson = self.person("Jan", "Jonsson", self.l, [self.kf, self.ks, self.sn])
        self.outsider = self.person("Olle", "Utanför", self.l, [self.kf])
        self.rotel = Rotel.objects.create(numeral="I", name="Finansroteln")
        RotelHead.objects.create(rotel=self.rotel, person=self.wanngard, **TERM)

    def person(self, first, last, party, bodies):
        person = Person.objects.create(first_name=first, last_name=last)
        PartyAffiliation.objects.create(person=person, party=party, starts_on=TERM["starts_on"])
        for body in bodies:
            Membership.objects.create(person=person, body=body, **TERM)
        return person

    def motion(self, filed_on=FILED, **kwargs):
        defaults = {
            "registry": self.registry,
            "title": "Motion om något",
            "movers": [self.kroon],
            "filed_on": filed_on,
            "registered_on": filed_on,
            "rotel": self.rotel,
        }
        return motion_register(**{**defaults, **kwargs})

    def prepared_motion(self, **kwargs):
        """A motion referred to socialnämnden, with a complete utlåtande proposing it be answered."""
        from motions.models import Utlatande
        from referrals.services import referral_send

        motion = self.motion(**kwargs)
        referral_send(case=motion.case, body=self.sn, sent_on=D(2023, 10, 1), due_on=D(2024, 1, 31))
        Utlatande.objects.create(
            motion=motion,
            rapporteur=self.wanngard,
            proposed_items=["Motionen besvaras."],
            summary="Sammanfattning.",
            views="Synpunkter.",
            matter="Ärendet.",
        )
        return motion

    def meeting(self, body, date, **kwargs):
        return Meeting.objects.create(body=body, date=date, **kwargs)


@pytest.fixture(autouse=True)
def fresh_profile():
    """Each test reads the municipality's profile from its own database."""
    Municipality.forget()
    RotlarProfile.forget()
    yield
    Municipality.forget()
    RotlarProfile.forget()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Files the tests store (uploads, frozen PDFs) go to a fresh folder each time."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages are cached by a counter bumped after commit, which never comes inside a test's
    transaction; tests see fresh pages, and the caching itself has its own test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inside the request in tests; tests/trust/test_scale_out.py runs the
    real worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo accounts' passwords need not resist attack inside a test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    """A demo certificate for signing minutes, made once for the whole run."""
    from casework.signing import make_demo_certificate

    directory = tmp_path_factory.mktemp("signing")
    make_demo_certificate(directory, organisation="Testkommun")
    return directory


@pytest.fixture(autouse=True)
def signing_certificate(settings, signing_dir):
    settings.SIGNING_DIR = signing_dir


@pytest.fixture
def demo(db):
    """The reference case KS 2023/1387 and the demo accounts, as load_demo makes them."""
    with override_settings(DEBUG=True):
        call_command("load_demo", "--utan-ovning", stdout=StringIO())


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def user_with_role(db, django_user_model):
    """A signed-in-able user in one of the role groups."""
    from django.contrib.auth.models import Group

    def make(role: str, username: str | None = None):
        user = django_user_model.objects.create_user(username=username or role, password="demo")
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


@pytest.fixture
def registrator_client(client, user_with_role):
    client.force_login(user_with_role("registrator"))
    return client
